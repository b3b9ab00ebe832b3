/** Entry point: the shell replaces the page's static placeholder. */
import { render } from 'preact';
import { App } from './app.tsx';

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  render(<App />, root);
}
