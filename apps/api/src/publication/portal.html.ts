import type { Locale } from '@hyoka/domain';
import { escapeHtml as e } from '../common/html';
import { PRINT_FONT_FAMILY } from '../common/print-fonts';
import { structuredHtml } from '../common/structured-html';
import { EMPTY, type SheetDoc } from './sheet-doc';

/**
 * Server-rendered pages of the public portal: semantic HTML, no script, no cookie, no tracking,
 * readable on a phone (fluid layout, tables scroll inside their own box), CJK font stack,
 * WCAG 2.1 AA colour contrast. Every piece of user text goes through `escapeHtml`.
 */

export const PORTAL_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const CSS = `
:root{color-scheme:light;--fg:#1a1a1a;--muted:#4a4a4a;--line:#8a8a8a;--soft:#f3f4f6;--link:#0b57d0;--accent:#0f5132}
*{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;line-height:1.7;font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Kaku Gothic ProN","Hiragino Sans",Meiryo,"Yu Gothic",system-ui,sans-serif}
a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}.skip:focus{left:1rem}
header.site,footer.site{background:var(--soft);border-bottom:1px solid var(--line);padding:.75rem 1rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;margin-top:3rem;font-size:.9rem;color:var(--muted)}
.site-inner,main{max-width:72rem;margin:0 auto}
main{padding:1rem}
header.site .brand{font-weight:700;margin-right:1rem}
nav.crumbs ol{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:.25rem}
nav.crumbs li+li::before{content:"›";margin-right:.25rem;color:var(--muted)}
.lang{float:right}
h1{font-size:1.5rem;line-height:1.4;margin:.5rem 0 1rem}
h2{font-size:1.2rem;border-left:.3rem solid var(--accent);padding-left:.5rem;margin:2rem 0 .75rem}
dl.fields{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:0;margin:0;border-top:1px solid var(--line)}
dl.fields dt,dl.fields dd{margin:0;padding:.4rem .6rem;border-bottom:1px solid var(--line)}
dl.fields dt{background:var(--soft);font-weight:600}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
.structured p{margin:0 0 .5em;overflow-wrap:anywhere}
.structured ul,.structured ol{margin:0 0 .5em;padding-left:0;list-style:none}
.structured li{padding-left:1.5em;text-indent:-1.5em;overflow-wrap:anywhere}
.structured .marker{display:inline-block;min-width:1.5em;text-indent:0}
.table-wrap{overflow-x:auto;margin:.5rem 0 1rem;border:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:.4rem .6rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top}
thead th{background:var(--soft)}
td.num{text-align:right;white-space:nowrap}
th[scope=row]{text-align:left;background:#fafafa;font-weight:600;min-width:10em}
thead th{word-break:keep-all}
.notice{border:2px solid #8a6d00;background:#fff8e1;padding:.75rem 1rem;margin:1rem 0}
.meta{color:var(--muted)}
form.search{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;background:var(--soft);padding:.75rem;border:1px solid var(--line)}
form.search label{display:flex;flex-direction:column;font-size:.9rem}
form.search input,form.search select,form.search button{font:inherit;padding:.3rem .5rem;border:1px solid var(--muted);border-radius:3px;background:#fff;color:var(--fg)}
form.search button{background:var(--accent);color:#fff;border-color:var(--accent)}
.pager ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0}
.downloads li{margin:.25rem 0}
.programmes{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1.5rem}.programmes h2{margin-top:1rem}
@media (max-width:40rem){dl.fields{grid-template-columns:1fr}dl.fields dt{border-bottom:0}h1{font-size:1.3rem}.lang{float:none;display:block}}
@media print{body{font-family:${PRINT_FONT_FAMILY}}header.site nav,.lang,.skip,footer.site,.downloads,form.search{display:none}.table-wrap{overflow:visible;border:0}body{font-size:10pt}h2{break-after:avoid}tr,dl.fields dt,dl.fields dd{break-inside:avoid}}
`;

export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

export interface LayoutOptions {
  readonly locale: Locale;
  readonly title: string;
  readonly crumbs: readonly Crumb[];
  /** URL of the same page in the other language. */
  readonly otherLangHref: string;
  readonly body: string;
}

export const L = (locale: Locale, ja: string, en: string): string => (locale === 'ja' ? ja : en);

/** The page frame: skip link, header with breadcrumbs and language switch, main, footer. */
export function layout(o: LayoutOptions): string {
  const { locale } = o;
  const crumbs = o.crumbs
    .map((c, i) =>
      c.href && i < o.crumbs.length - 1
        ? `<li><a href="${e(c.href)}">${e(c.label)}</a></li>`
        : `<li aria-current="page">${e(c.label)}</li>`,
    )
    .join('');
  const other = locale === 'ja' ? 'English' : '日本語';
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(o.title)} | ${e(L(locale, '行政評価 公表', 'Administrative evaluation'))}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip" href="#main">${e(L(locale, '本文へ移動', 'Skip to main content'))}</a>
<header class="site"><div class="site-inner">
<a class="lang" href="${e(o.otherLangHref)}" lang="${locale === 'ja' ? 'en' : 'ja'}" hreflang="${locale === 'ja' ? 'en' : 'ja'}">${other}</a>
<span class="brand">${e(L(locale, '行政評価 公表ポータル', 'Administrative evaluation portal'))}</span>
<nav class="crumbs" aria-label="${e(L(locale, 'パンくずリスト', 'Breadcrumb'))}"><ol>${crumbs}</ol></nav>
</div></header>
<main id="main" tabindex="-1">
${o.body}
</main>
<footer class="site"><div class="site-inner">${e(
    L(
      locale,
      'このサイトは Cookie もアクセス解析も使用していません。データは自由に利用できます（データ辞書を参照）。',
      'This site uses no cookies and no analytics. The data may be reused freely (see the data dictionary).',
    ),
  )}</div></footer>
</body>
</html>`;
}

/**
 * A citizen's browser following a stale or mistyped link gets a portal page, not the API's JSON:
 * what went wrong in their language and the way back to the portal's top page.
 */
export function portalErrorPage(o: {
  readonly locale: Locale;
  readonly status: number;
  readonly message: { readonly ja: string; readonly en: string };
  /** The same path in the other language. */
  readonly otherLangHref: string;
}): string {
  const { locale } = o;
  const title =
    o.status === 404
      ? L(locale, 'ページが見つかりません', 'Page not found')
      : o.status >= 500
        ? L(locale, 'エラーが発生しました', 'Something went wrong')
        : L(locale, 'ページを表示できません', 'This page cannot be shown');
  const top = locale === 'ja' ? '/public' : '/public?lang=en';
  return layout({
    locale,
    title,
    crumbs: [{ label: L(locale, '公表ポータル', 'Portal'), href: top }, { label: title }],
    otherLangHref: o.otherLangHref,
    body: `<h1>${e(title)}</h1>
<p>${e(L(locale, o.message.ja, o.message.en))} <span class="meta">(${o.status})</span></p>
<p><a href="${e(top)}">${e(L(locale, '公表ポータルのトップへ', 'Go to the portal’s top page'))}</a></p>`,
  });
}

/** A data table with a caption, column headers and row headers. */
export function table(
  caption: string,
  head: readonly string[],
  rows: readonly { header: string; cells: readonly string[]; headerHtml?: string }[],
  numeric: (columnIndex: number) => boolean = () => true,
): string {
  return `<div class="table-wrap" role="region" aria-label="${e(caption)}" tabindex="0"><table>
<caption>${e(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead>
<tbody>${rows
    .map(
      (r) =>
        `<tr><th scope="row">${r.headerHtml ?? e(r.header)}</th>${r.cells
          .map((c, i) => `<td${numeric(i) ? ' class="num"' : ''}>${e(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n')}</tbody>
</table></div>`;
}

/** The public blocks of a sheet (shared by the page and the PDF). */
export function renderSheetDoc(doc: SheetDoc): string {
  return doc.blocks
    .map((block) => {
      const parts: string[] = [];
      let fields: string[] = [];
      const flush = () => {
        if (fields.length) parts.push(`<dl class="fields">${fields.join('')}</dl>`);
        fields = [];
      };
      for (const item of block.items) {
        if (item.kind === 'field') {
          fields.push(
            item.long && item.text && item.text !== EMPTY
              ? `<dt>${e(item.label)}</dt><dd class="structured">${structuredHtml(item.text)}</dd>`
              : `<dt>${e(item.label)}</dt><dd${item.long ? ' class="pre"' : ''}>${e(item.text || EMPTY)}</dd>`,
          );
        } else {
          flush();
          parts.push(
            table(item.caption, item.head, item.rows, (i) => i >= (item.textColumns ?? 0)),
          );
          if (item.note) parts.push(`<p class="pre">${e(item.note)}</p>`);
        }
      }
      flush();
      const id = `block-${block.key}`;
      return `<section aria-labelledby="${e(id)}"><h2 id="${e(id)}">${e(block.title)}</h2>${parts.join('\n')}</section>`;
    })
    .join('\n');
}

/** A long text with its structure (shared with the paper forms). */
export { structuredHtml } from '../common/structured-html';
