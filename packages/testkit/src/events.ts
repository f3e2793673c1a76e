import type { KafkaClient } from '@aiops/kafka';
import { Event } from '@aiops/model';
import { waitFor } from './process.js';

/** readEvents: every canonical event on the (namespaced) events topic, parsed and validated. */
export async function readEvents(client: KafkaClient): Promise<Event[]> {
  return (await client.readAll(client.topics.events)).map((r) => Event.parse(JSON.parse(r.value!.toString())));
}

/**
 * eventsFor waits until at least n events of one fingerprint are on the events topic: what a sender's
 * test checks after the sender ran (the gateway acknowledges before the broker has them all visible).
 */
export async function eventsFor(client: KafkaClient, fingerprint: string, n: number, timeoutMs = 20_000): Promise<Event[]> {
  return waitFor(`${n} event(s) for ${fingerprint}`, async () => {
    const evs = (await readEvents(client)).filter((e) => e.fingerprint === fingerprint);
    return evs.length >= n ? evs : undefined;
  }, timeoutMs);
}
