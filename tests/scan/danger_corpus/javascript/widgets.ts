// Front-end widgets: comments list, search box, embed frame.
import DOMPurify from 'dompurify';

interface Comment {
  id: number;
  author: string;
  body: string;
}

export class CommentList {
  private root: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
  }

  private header(): string {
    return '<h2 class="comments-title">Comments</h2>';
  }

  render(comments: Comment[]): void {
    this.root.innerHTML = `${this.header()}<ul class="comments"></ul>`;
    const list = this.root.querySelector('ul')!;
    for (const c of comments) {
      const li = document.createElement('li');
      li.textContent = `${c.author}: ${c.body}`;
      list.appendChild(li);
    }
  }

  renderUnsafe(comments: Comment[]): void {
    const list = this.root.querySelector('ul')!;
    for (const c of comments) {
      list.innerHTML += '<li>' + c.author + ': ' + c.body + '</li>'; // hookagent-expect: CWE-79
    }
  }

  renderSanitized(c: Comment): void {
    this.root.innerHTML = DOMPurify.sanitize(c.body);
  }
}

export function showSearchTerm(): void {
  const params = new URLSearchParams(window.location.search);
  const q = params.get('q') || '';
  document.getElementById('term')!.innerHTML = 'Results for ' + q; // hookagent-expect: CWE-79
  document.write('<p>' + q + '</p>'); // hookagent-expect: CWE-79
}

export function showSearchTermSafe(): void {
  const q = new URLSearchParams(window.location.search).get('q') || '';
  document.getElementById('term')!.textContent = `Results for ${q}`;
}

export function notifyParent(data: unknown): void {
  window.parent.postMessage(data, '*'); // hookagent-expect: CWE-345
}

export function notifyParentSafe(data: unknown): void {
  window.parent.postMessage(data, 'https://app.example.com');
}

export function clientId(): string {
  return 'c-' + Math.random().toString(16).slice(2); // hookagent-expect: CWE-338
}

export function jitter(ms: number): number {
  // random back-off jitter, not a secret
  return ms + Math.floor(Math.random() * 100);
}

export function runSnippet(code: string): void {
  setTimeout('window.widgets.' + code + '()', 10); // hookagent-expect: CWE-95
}

export function findNode(doc: Document, name: string): XPathResult {
  return doc.evaluate("//item[@name='" + name + "']", doc, null, XPathResult.ANY_TYPE, null); // hookagent-expect: CWE-643
}

export async function loadConfig(): Promise<unknown> {
  const res = await fetch('http://config.example.com/widgets.json'); // hookagent-expect: CWE-319
  return res.json();
}

export async function loadConfigSafe(): Promise<unknown> {
  const res = await fetch('https://config.example.com/widgets.json');
  return res.json();
}
