import { EVENTS_STREAM } from '@jlis/contracts';
import { JetStreamManager, nanos, StorageType, StreamConfig } from 'nats';
import { ensureEventsStream } from './jetstream';

/** A JetStreamManager holding one stream (or none) that records what provisioning asks of it. */
function fakeJsm(existing?: Partial<StreamConfig>) {
  const calls: { op: string; config: Partial<StreamConfig> }[] = [];
  const jsm = {
    streams: {
      info: async () => {
        if (!existing) throw new Error('stream not found');
        return { config: existing };
      },
      add: async (config: Partial<StreamConfig>) => calls.push({ op: 'add', config }),
      update: async (_name: string, config: Partial<StreamConfig>) => calls.push({ op: 'update', config }),
    },
  } as unknown as JetStreamManager;
  return { jsm, calls };
}

describe(ensureEventsStream.name, () => {
  const wanted = async (replicas: number) => {
    const { jsm, calls } = fakeJsm();
    await ensureEventsStream(jsm, { replicas });
    return calls[0].config;
  };

  it('creates the stream with the replicas asked for', async () => {
    expect(await wanted(3)).toMatchObject({ name: EVENTS_STREAM, num_replicas: 3, max_age: 0 });
  });

  it('leaves a stream that is as wanted alone', async () => {
    const { jsm, calls } = fakeJsm(await wanted(3));
    await ensureEventsStream(jsm, { replicas: 3 });
    expect(calls).toEqual([]);
  });

  it('updates a stream whose replicas or max_age differ, keeping the rest of its configuration', async () => {
    const { jsm, calls } = fakeJsm({ ...(await wanted(1)), max_msgs: 42 });
    await ensureEventsStream(jsm, { replicas: 3, maxAgeMs: 3_600_000 });
    expect(calls).toEqual([
      { op: 'update', config: expect.objectContaining({ num_replicas: 3, max_age: nanos(3_600_000), max_msgs: 42 }) },
    ]);
  });

  it('refuses a stream whose storage cannot be changed in place, saying so', async () => {
    const { jsm, calls } = fakeJsm({ ...(await wanted(1)), storage: StorageType.Memory });
    await expect(ensureEventsStream(jsm, { replicas: 1 })).rejects.toThrow(/storage memory where file is wanted/);
    expect(calls).toEqual([]);
  });
});
