import { PassThrough } from 'node:stream';
import { ProgressView, type KindProgress } from '../../../sample-app/src/demo/demo-progress';

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { out, text: () => text };
}

const progress = (finished: number): KindProgress[] => [
  { kind: 'a', total: 2, finished, complete: finished, failed: 0, retries: 0 },
  { kind: 'b', total: 2, finished: 0, complete: 0, failed: 0, retries: 0 },
];

describe('ProgressView', () => {
  it('on a terminal, redraws the bars in place: cursor up over the lines drawn before', () => {
    const { out, text } = capture();
    const view = new ProgressView(out, true);
    view.render(progress(0));
    expect(text()).not.toContain('\x1b[2A');
    view.render(progress(1));
    expect(text().split('\x1b[2A')).toHaveLength(2);
    expect(text().split('\x1b[2K')).toHaveLength(5);
    expect(text()).toContain('\x1b[32m'); // the filled part in green
  });

  it('elsewhere, prints a bar again only when its counts changed, without escape codes', () => {
    const { out, text } = capture();
    const view = new ProgressView(out, false);
    view.render(progress(0));
    view.render(progress(0));
    view.render(progress(1));
    const lines = text().trimEnd().split('\n');
    expect(lines.map((line) => line.slice(0, 1))).toEqual(['a', 'b', 'a']);
    expect(text()).not.toContain('\x1b');
  });
});
