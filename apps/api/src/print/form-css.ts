import { PRINT_FONT_FAMILY } from '../common/print-fonts';

/** Margin of the printed page on every side, in millimetres (the grid fills the rest). */
export const PAGE_MARGIN_MM = 8;

/**
 * The look of a printed paper form: ruled black boxes, shaded headings, labels in small print,
 * Japanese gothic type. `--base` and `--label` (font sizes) are set by the document.
 */
export const FORM_CSS = `
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#fff;color:#000}
body{font-family:${PRINT_FONT_FAMILY};font-size:var(--base);line-height:1.25;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.page{position:relative;width:var(--paper-width);break-after:page}
.page:last-child{break-after:auto}
.form-head{display:flex;align-items:flex-end;gap:4mm;margin:0 0 1.5mm;border-bottom:0.6mm solid #000;padding-bottom:0.8mm}
.form-head h1,.form-head .form-title{font-size:12pt;font-weight:700;margin:0;flex:1;letter-spacing:0.05em}
.form-head .issuer{font-size:8pt}
.stamp{font-size:8pt;border:0.35mm solid #000;padding:0.5mm 2mm;white-space:nowrap}
.stamp.m-draft,.stamp.m-review{border-color:#b00020;color:#b00020;font-weight:700}
.watermark{position:absolute;top:45%;left:0;right:0;text-align:center;font-size:72pt;font-weight:700;color:rgba(176,0,32,0.10);transform:rotate(-20deg);pointer-events:none;z-index:2}
table.form{border-collapse:collapse;table-layout:fixed;width:var(--paper-width)}
table.form td,table.form th{border:0.25mm solid #000;padding:0.4mm 0.8mm;vertical-align:top;overflow-wrap:anywhere;word-break:break-all;font-weight:400;text-align:left}
table.form .b-none{border:0}
table.form .b-bottom{border:0;border-bottom:0.25mm solid #000}
table.form th.h{background:#e6e6e6;vertical-align:middle}
table.form th.section{background:#d0d0d0;font-weight:700;letter-spacing:0.1em}
table.form th.vertical{writing-mode:vertical-rl;text-orientation:upright;text-align:center;letter-spacing:0.2em;padding:0.8mm 0}
table.form .a-center{text-align:center}
table.form .a-right{text-align:right}
table.form td.t.small{font-size:var(--label);color:#222;vertical-align:middle}
table.form td.f .label{font-size:var(--label);color:#333;line-height:1.2;margin-bottom:0.3mm}
table.form td.pre .v{white-space:pre-wrap}
table.form td.has-table{padding:0.5mm}
.choices{display:inline}
.choice{margin-right:2mm;white-space:nowrap;color:#333}
.choice.on{color:#000;font-weight:700}
.reason{white-space:pre-wrap;margin-top:0.3mm}
table.inner{border-collapse:collapse;width:100%;table-layout:auto;font-size:6pt;font-variant-numeric:tabular-nums}
table.inner th,table.inner td{border:0.18mm solid #000;padding:0 0.6mm;vertical-align:middle;line-height:1.2;word-break:keep-all;overflow-wrap:anywhere}
table.inner thead th,table.inner tr > th{background:#efefef;font-weight:400}
table.inner td.num{text-align:right;white-space:nowrap}
table.inner.grid td.mark{text-align:center;font-size:var(--base)}
@media screen{body{background:#d9d9d9;padding:6mm 0}.page{background:#fff;padding:${PAGE_MARGIN_MM}mm;margin:0 auto 6mm;box-sizing:content-box;box-shadow:0 0.5mm 2mm rgba(0,0,0,0.35)}}
.sublabel{font-size:var(--label);color:#333}
.note{white-space:pre-wrap;font-size:var(--label);margin-top:0.4mm}
`;

/** The default document layout printed on A4 portrait (a template without a print layout). */
export const DOC_CSS = `
@page{size:A4 portrait;margin:12mm 10mm}
*{box-sizing:border-box}
body{margin:0;color:#000;font-family:${PRINT_FONT_FAMILY};font-size:9pt;line-height:1.5;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.doc-head{display:flex;align-items:flex-end;gap:4mm;border-bottom:0.6mm solid #000;padding-bottom:1mm;margin-bottom:3mm}
.doc-head h1{font-size:13pt;margin:0;flex:1}
.doc-head .issuer{font-size:8pt}
.stamp{font-size:8pt;border:0.35mm solid #000;padding:0.5mm 2mm;white-space:nowrap}
.stamp.m-draft,.stamp.m-review{border-color:#b00020;color:#b00020;font-weight:700}
h2{font-size:10.5pt;border-left:1.2mm solid #000;padding-left:2mm;margin:4mm 0 1.5mm;break-after:avoid}
dl.fields{display:grid;grid-template-columns:42mm 1fr;margin:0;border-top:0.25mm solid #000}
dl.fields dt,dl.fields dd{margin:0;padding:0.8mm 1.5mm;border-bottom:0.25mm solid #000;break-inside:avoid}
dl.fields dt{background:#e6e6e6}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
.table-wrap{margin:1.5mm 0 3mm}
table{border-collapse:collapse;width:100%;font-size:7.5pt;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:700;padding:0.5mm 0}
th,td{border:0.25mm solid #000;padding:0.4mm 1mm;vertical-align:top}
thead th,th[scope=row]{background:#eee;font-weight:400;text-align:left}
td.num{text-align:right;white-space:nowrap}
tr{break-inside:avoid}
`;
