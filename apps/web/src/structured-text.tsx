import { Fragment, type HTMLAttributes } from 'react';
import { parseStructuredText } from '@hyoka/domain/content/structured-blocks';

/** Lines of one paragraph or list item, with their line breaks. */
function Lines(props: { lines: readonly string[] }) {
  return props.lines.map((line, i) => (
    <Fragment key={i}>
      {i > 0 && <br />}
      {line}
    </Fragment>
  ));
}

/**
 * A long text shown as it was typed, with its structure: paragraphs (line breaks kept) and lists
 * whose items keep the typed marker (・, ①, 1.) — the same reading as the public page and the
 * PDFs. Text only: React escapes every piece, nothing is read as markup.
 */
export function StructuredText(
  props: { text: string } & Omit<HTMLAttributes<HTMLDivElement>, 'children'>,
) {
  const { text, className, ...rest } = props;
  return (
    <div className={['structured-text', className].filter(Boolean).join(' ')} {...rest}>
      {parseStructuredText(text).map((block, i) => {
        if (block.kind === 'paragraph')
          return (
            <p key={i}>
              <Lines lines={block.lines} />
            </p>
          );
        const List = block.ordered ? 'ol' : 'ul';
        return (
          <List key={i}>
            {block.items.map((item, j) => (
              <li key={j}>
                <span className="marker">{item.marker}</span>
                <Lines lines={item.text.split('\n')} />
              </li>
            ))}
          </List>
        );
      })}
    </div>
  );
}
