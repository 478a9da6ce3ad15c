// Texts of the supply-contract pages that go beyond the areas' (./areas.ts): where a contract
// stands, who must confirm it, the confirm, reject, withdraw and end forms, and the lists of
// contracts waiting for the signed-in user.
import type { ContractStanding } from '../../domain/contracts';
import { areaTexts } from './common';

export const CONTRACT_TEXTS = areaTexts({
  vi: {
    navLabel: 'Hợp đồng liên kết',
    title: 'Hợp đồng liên kết vùng nguyên liệu',
    standing: {
      pending: 'Chờ xác nhận',
      upcoming: 'Đã xác nhận, chưa đến ngày hiệu lực',
      in_force: 'Đã xác nhận, đang hiệu lực',
      expired: 'Đã hết hạn',
      rejected: 'Bị từ chối',
      withdrawn: 'Đã rút lại',
      ended: 'Đã chấm dứt',
    } as Record<ContractStanding, string>,
    awaits: {
      area_operator: 'Đơn vị quản lý vùng xác nhận',
      association_staff: 'Hội Nông dân xác nhận (vùng do chi/tổ hội nghề nghiệp quản lý)',
    } as Record<string, string>,
    whoConfirms: 'Bên xác nhận',
    buyer: 'Bên mua',
    operator: 'Đơn vị quản lý vùng',
    confirmedBy: 'Xác nhận bởi',
    closedBy: 'Từ chối, rút lại hoặc chấm dứt bởi',
    closeReason: 'Lý do',
    endedOn: 'Ngày cuối còn hiệu lực',
    at: (who: string, when: string) => `${who}, lúc ${when}`,
    areaHidden: 'Thông tin chi tiết của vùng chỉ mở cho bên mua khi hợp đồng đã được xác nhận.',
    pendingForBuyer:
      'Hợp đồng do bên mua tự khai chưa có giá trị: khi bên vùng nguyên liệu xác nhận, hợp tác xã mới ghi được thu hoạch từ vùng này.',
    editSendsBack:
      'Sửa số hoặc thời hạn của hợp đồng đã xác nhận sẽ đưa hợp đồng về trạng thái chờ xác nhận cho đến khi bên vùng nguyên liệu xác nhận lại.',
    confirm: 'Xác nhận hợp đồng',
    confirmHint:
      'Xác nhận rằng bên vùng nguyên liệu đã ký hợp đồng này với bên mua, đúng số và thời hạn ghi ở trên. Từ đó bên mua được ghi thu hoạch từ vùng trong thời hạn hợp đồng.',
    reject: 'Từ chối hợp đồng',
    rejectReason: 'Lý do từ chối',
    withdraw: 'Rút lại hợp đồng',
    withdrawReason: 'Lý do rút lại',
    end: 'Chấm dứt hợp đồng',
    endReason: 'Lý do chấm dứt',
    lastDay: 'Ngày cuối còn hiệu lực',
    lastDayHint: 'Để trống nếu chấm dứt từ hôm nay. Thu hoạch sau ngày này không còn được ghi theo hợp đồng.',
    reasonNeeded: 'Hãy ghi lý do',
    done: {
      confirmed: 'Đã xác nhận hợp đồng.',
      rejected: 'Đã từ chối hợp đồng.',
      withdrawn: 'Đã rút lại hợp đồng.',
      ended: 'Đã chấm dứt hợp đồng.',
    } as Record<string, string>,
    waitingTitle: 'Hợp đồng liên kết chờ bạn xác nhận',
    waitingStaffTitle: 'Hợp đồng liên kết chờ Hội xác nhận',
    noWaiting: 'Không có hợp đồng nào chờ xác nhận.',
    openToDecide: 'Mở để xác nhận hoặc từ chối',
    allContracts: 'Tất cả hợp đồng',
    noContractsAtAll: 'Chưa có hợp đồng liên kết nào.',
  },
  en: {
    navLabel: 'Supply contracts',
    title: 'Raw-material supply contracts',
    standing: {
      pending: 'Waiting for confirmation',
      upcoming: 'Confirmed, not yet in force',
      in_force: 'Confirmed, in force',
      expired: 'Expired',
      rejected: 'Rejected',
      withdrawn: 'Withdrawn',
      ended: 'Ended',
    },
    awaits: {
      area_operator: 'The area’s operator confirms',
      association_staff: 'The Farmers’ Association confirms (the area’s operator is a farmer professional group)',
    },
    whoConfirms: 'Confirmed by which side',
    buyer: 'Buyer',
    operator: 'Area operator',
    confirmedBy: 'Confirmed by',
    closedBy: 'Rejected, withdrawn or ended by',
    closeReason: 'Reason',
    endedOn: 'Last day in force',
    at: (who: string, when: string) => `${who}, ${when}`,
    areaHidden: 'The area’s details open to the buyer only once the contract is confirmed.',
    pendingForBuyer:
      'A contract the buyer records is only its word: once the area’s side confirms it, the cooperative can record harvests from the area.',
    editSendsBack:
      'Changing the number or dates of a confirmed contract sends it back to waiting until the area’s side confirms it again.',
    confirm: 'Confirm the contract',
    confirmHint:
      'Confirm that the area’s side signed this contract with the buyer, with the number and dates above. The buyer may then record harvests from the area within them.',
    reject: 'Reject the contract',
    rejectReason: 'Why it is rejected',
    withdraw: 'Withdraw the contract',
    withdrawReason: 'Why it is withdrawn',
    end: 'End the contract',
    endReason: 'Why it ends',
    lastDay: 'Last day in force',
    lastDayHint: 'Leave empty to end it today. Harvests after this day are no longer covered by the contract.',
    reasonNeeded: 'Give a reason',
    done: {
      confirmed: 'The contract is confirmed.',
      rejected: 'The contract is rejected.',
      withdrawn: 'The contract is withdrawn.',
      ended: 'The contract has ended.',
    },
    waitingTitle: 'Supply contracts waiting for you to confirm',
    waitingStaffTitle: 'Supply contracts waiting for the association to confirm',
    noWaiting: 'No contracts are waiting for confirmation.',
    openToDecide: 'Open to confirm or reject',
    allContracts: 'All contracts',
    noContractsAtAll: 'No supply contracts yet.',
  },
});

export type ContractTexts = (typeof CONTRACT_TEXTS)['vi'];
