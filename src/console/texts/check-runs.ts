// Texts of the page of one link-check run started from the console: its progress while it runs
// (the page reloads itself), then its result by rule, or why it failed.
import type { Lang } from '../../pages/i18n';

const vi = {
  runningTitle: 'Đang chạy kiểm tra liên kết',
  doneTitle: 'Kết quả kiểm tra liên kết',
  failedTitle: 'Lượt kiểm tra không chạy xong',
  rulesDone: (done: string, total: string) => `Đã xong ${done}/${total} quy tắc`,
  progressLabel: 'Tiến độ',
  current: 'Đang kiểm tra',
  waiting: 'Đang chờ bắt đầu (một lượt kiểm tra khác đang chạy xong).',
  foundSoFar: 'Bất thường thấy đến giờ',
  elapsed: 'Thời gian đã chạy',
  took: 'Thời gian chạy',
  startedBy: 'Người chạy',
  refreshHint: 'Trang này tự tải lại sau 2 giây. Bạn có thể rời trang; kiểm tra vẫn chạy tiếp và kết quả sẽ ở đây.',
  rulesSoFar: 'Các quy tắc đã xong',
  byRule: 'Kết quả theo quy tắc',
  rule: 'Quy tắc',
  found: 'Thấy',
  new: 'Mới',
  reopened: 'Mở lại',
  cleared: 'Không còn thấy',
  time: 'Thời gian',
  failedText:
    'Không có gì bị thay đổi: các bất thường vẫn như trước lượt này. Hãy chạy lại; nếu vẫn lỗi, báo cho người quản trị hệ thống.',
  errorWas: 'Lỗi ghi nhận được:',
  seeFindings: 'Xem các bất thường cần xử lý',
  runAgain: 'Chạy kiểm tra lại',
  seconds: (s: number) => {
    const m = Math.floor(s / 60);
    return m ? `${m} phút ${s % 60} giây` : `${s} giây`;
  },
};

const en: typeof vi = {
  runningTitle: 'Running the link checks',
  doneTitle: 'Result of the link checks',
  failedTitle: 'The link checks did not finish',
  rulesDone: (done, total) => `${done} of ${total} rules done`,
  progressLabel: 'Progress',
  current: 'Checking now',
  waiting: 'Waiting to start (another run is finishing).',
  foundSoFar: 'Findings so far',
  elapsed: 'Running for',
  took: 'Took',
  startedBy: 'Started by',
  refreshHint:
    'This page reloads itself every 2 seconds. You may leave it; the checks go on and the result will be here.',
  rulesSoFar: 'Rules done',
  byRule: 'Result by rule',
  rule: 'Rule',
  found: 'Found',
  new: 'New',
  reopened: 'Reopened',
  cleared: 'No longer found',
  time: 'Time',
  failedText:
    'Nothing was changed: the findings are as they were before this run. Run the checks again; if it fails again, tell the system administrator.',
  errorWas: 'The error recorded:',
  seeFindings: 'See the findings that need attention',
  runAgain: 'Run the checks again',
  seconds: (s) => {
    const m = Math.floor(s / 60);
    return m ? `${m} min ${s % 60} s` : `${s} s`;
  },
};

export const CHECK_RUN_TEXTS: Record<Lang, typeof vi> = { vi, en };
export type CheckRunTexts = typeof vi;
