import { snippetParts } from '../format.js';

export function Snippet({ text }: { text: string }) {
  return (
    <p className="snippet">
      {snippetParts(text).map((part, i) =>
        part.marked ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </p>
  );
}
