import type { ApplicationSnapshot } from './intake.events';

/**
 * A-10's テスト終了後: a case that wanted the online test environment has finished testing — recorded by its applicant
 * (POST /applications/{id}/test-completion) — before it gets production access. A case that did not want the online
 * test tests with its cards alone, and the card return (R10) is its evidence. The one rule, used by intake (A-10's
 * step state) and access (the first production grant).
 */
export function testCompletionMissing(app: Pick<ApplicationSnapshot, 'wantsOnlineTest' | 'testCompletedOn'>): boolean {
  return app.wantsOnlineTest && !app.testCompletedOn;
}

export const TEST_NOT_COMPLETED_SENTENCE =
  'テスト環境でのテストの終了がまだ記録されていません。テスト終了後に、申請者がポータルでテスト終了を記録してください。 / ' +
  'The case wanted the online test and its end has not been recorded yet (A-10); the applicant records it once testing is finished.';
