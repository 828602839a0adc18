import { describe, expect, it } from 'vitest';
import { SEGMENT_WEIGHTS, type SegmentKind, segmentBody } from './segment-body.js';

const kinds = (body: string): [SegmentKind, string][] => segmentBody(body).map((s) => [s.kind, s.text]);

describe('segmentBody', () => {
  it('keeps a plain ticket as one full-weight segment', () => {
    expect(segmentBody('My card never arrived.\nCan you check?')).toEqual([
      { kind: 'text', text: 'My card never arrived.\nCan you check?', weight: 1 },
    ]);
  });

  it('down-weights quoted lines and everything under a reply header', () => {
    expect(kinds('Still broken.\n> did you restart it?\nok')).toEqual([
      ['text', 'Still broken.'],
      ['quoted', '> did you restart it?'],
      ['text', 'ok'],
    ]);
    expect(
      kinds('Still broken.\nOn Mon, 3 Jun 2024 at 10:00, Support <s@x.io> wrote:\nDid you restart?'),
    ).toEqual([
      ['text', 'Still broken.'],
      ['quoted', 'On Mon, 3 Jun 2024 at 10:00, Support <s@x.io> wrote:\nDid you restart?'],
    ]);
    expect(kinds('See below\n-----Original Message-----\nFrom: a\nhello')[1]![0]).toBe('quoted');
    expect(kinds('See below\nFrom: Anna\nSent: Monday\nSubject: x')[1]).toEqual([
      'quoted',
      'From: Anna\nSent: Monday\nSubject: x',
    ]);
    expect(SEGMENT_WEIGHTS.quoted).toBeLessThan(SEGMENT_WEIGHTS.text);
  });

  it('recognises signatures and device footers', () => {
    expect(kinds('Refund please.\nBest regards,\nAnna\nACME Ltd')).toEqual([
      ['text', 'Refund please.'],
      ['signature', 'Best regards,\nAnna\nACME Ltd'],
    ]);
    expect(kinds('Refund?\n-- \nJohn')[1]).toEqual(['signature', '-- \nJohn']);
    expect(kinds('Card lost\n\nSent from my iPhone')).toEqual([
      ['text', 'Card lost\n'],
      ['signature', 'Sent from my iPhone'],
    ]);
  });

  it('keeps a sign-off phrase that opens the ticket', () => {
    expect(kinds('Thanks, but my card still has not arrived')).toEqual([
      ['text', 'Thanks, but my card still has not arrived'],
    ]);
    expect(kinds('Thanks\nmy card is lost')).toEqual([['text', 'Thanks\nmy card is lost']]);
  });

  it('marks a confidentiality notice to the end of its paragraph as boilerplate', () => {
    const body = [
      'Please close my account.',
      '',
      'CONFIDENTIALITY NOTICE: This e-mail is intended only for the named recipient.',
      'Any other use is prohibited.',
      '',
      'One more thing: the app crashes.',
    ].join('\n');
    expect(kinds(body)).toEqual([
      ['text', 'Please close my account.\n'],
      [
        'boilerplate',
        'CONFIDENTIALITY NOTICE: This e-mail is intended only for the named recipient.\nAny other use is prohibited.\n',
      ],
      ['text', 'One more thing: the app crashes.'],
    ]);
  });

  it('recognises stack traces, log lines and code blocks', () => {
    const java = [
      'Export fails every time:',
      'java.lang.NullPointerException: report is null',
      '    at com.acme.Export.run(Export.java:42)',
      '    at com.acme.Main.main(Main.java:7)',
      '... 3 more',
    ].join('\n');
    expect(kinds(java).map(([kind]) => kind)).toEqual(['text', 'log']);
    expect(kinds(java)[0]![1]).toContain('NullPointerException');

    const python =
      'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: bad';
    expect(kinds(python)).toEqual([
      ['log', 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>'],
      ['text', 'ValueError: bad'],
    ]);
    const logs =
      '2024-05-01 10:00:01 ERROR db timeout\n[WARN] retrying\nINFO: started\nWhy does this happen?';
    expect(kinds(logs).map(([kind]) => kind)).toEqual(['log', 'text']);
    const fenced = 'Config:\n```\nport = 80\nhost = x\n```\nIs that right?';
    expect(kinds(fenced)).toEqual([
      ['text', 'Config:'],
      ['log', '```\nport = 80\nhost = x\n```'],
      ['text', 'Is that right?'],
    ]);
    expect(SEGMENT_WEIGHTS.log).toBeLessThan(SEGMENT_WEIGHTS.text);
  });

  it('does not mistake ordinary sentences for logs or boilerplate', () => {
    const body = 'Error: I cannot log in.\nAt home it works.\nFile a complaint for me please.';
    expect(kinds(body)).toEqual([['text', body]]);
  });
});
