import type { EntityManager } from 'typeorm';
import { forgetNotifications, notifyOnCommit, oneNotifyPerChannel } from './notify';

function fakeManager(): { manager: EntityManager; sent: unknown[][] } {
  const sent: unknown[][] = [];
  const manager = {
    queryRunner: {},
    query: async (_sql: string, parameters: unknown[]) => void sent.push(parameters),
  } as unknown as EntityManager;
  return { manager, sent };
}

describe('notifyOnCommit', () => {
  it('NOTIFYs on every call outside a scope', async () => {
    const { manager, sent } = fakeManager();
    await notifyOnCommit(manager, 'a');
    await notifyOnCommit(manager, 'a');
    expect(sent).toEqual([['a'], ['a']]);
  });

  it('NOTIFYs once per channel inside a scope, and again after a savepoint rolled the first one back', async () => {
    const { manager, sent } = fakeManager();
    await oneNotifyPerChannel(manager, async () => {
      await notifyOnCommit(manager, 'a');
      await notifyOnCommit(manager, 'b');
      await notifyOnCommit(manager, 'a');
      forgetNotifications(manager);
      await notifyOnCommit(manager, 'a');
    });
    await notifyOnCommit(manager, 'a');
    expect(sent).toEqual([['a'], ['b'], ['a'], ['a']]);
  });
});
