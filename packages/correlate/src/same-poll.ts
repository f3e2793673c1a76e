/**
 * Same-poll detections: a poller (an availability check, a hypervisor's heartbeat alarm) that finds many
 * subjects dead in one cycle sends one alert per subject, all stamped with that cycle's instant. Without a
 * CMDB the texts differ exactly where the subject's name goes ("Device sw-acc-13-01 unreachable" vs
 * "Device dc2-core-01 unreachable"), so neither look-alike text nor a shared label joins them, and each
 * opens its own group before any group is deep enough for an onset burst. One check of one sender whose
 * alerts differ only in their subject and start within a few seconds is one detection of one event.
 */
import { maskTemplate } from './template.js';

export interface PollAlert {
  readonly source: string;
  readonly title: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * sameCheck: x and y come from one sender with the same label keys, differ in at most one label value (the
 * subject), and their titles, with the subject's value taken out, have the same masked template. Two disks
 * full on two hosts pass too: only the timing (samePollMs) tells one detection from two failures.
 */
export function sameCheck(x: PollAlert, y: PollAlert): boolean {
  if (x.source !== y.source) return false;
  const kx = Object.keys(x.labels);
  if (kx.length !== Object.keys(y.labels).length) return false;
  let subject: string | null = null;
  for (const k of kx) {
    const vy = y.labels[k];
    if (vy === undefined) return false;
    if (x.labels[k] === vy) continue;
    if (subject !== null) return false;
    subject = k;
  }
  if (subject === null) return maskTemplate(x.title) === maskTemplate(y.title);
  const sx = x.labels[subject] as string;
  const sy = y.labels[subject] as string;
  // the differing value must be the subject the text names, else two different checks or senders
  if (sx.length < 2 || sy.length < 2 || !x.title.includes(sx) || !y.title.includes(sy)) return false;
  return maskTemplate(x.title.split(sx).join(' SUBJECT ')) === maskTemplate(y.title.split(sy).join(' SUBJECT '));
}
