// The OCOP product pipeline: the stages of the OCOP cycle that the association supports a
// candidate through (Decision 615/QĐ-UBND, section 4: product idea, production and business
// plan, carrying out the plan, completing the dossier, assessment and rating, trade promotion).
// Stages only move forward, and their days never go back. Pure rules, no I/O.

export const PIPELINE_STAGES = ['idea', 'plan', 'carrying_out', 'dossier', 'rating', 'promotion'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export const STAGE_NAMES: Record<PipelineStage, { vi: string; en: string }> = {
  idea: { vi: 'Ý tưởng sản phẩm', en: 'Product idea' },
  plan: { vi: 'Kế hoạch sản xuất kinh doanh', en: 'Production and business plan' },
  carrying_out: { vi: 'Triển khai kế hoạch', en: 'Carrying out the plan' },
  dossier: { vi: 'Hoàn thiện hồ sơ', en: 'Completing the dossier' },
  rating: { vi: 'Đánh giá, xếp hạng', en: 'Assessment and rating' },
  promotion: { vi: 'Xúc tiến thương mại', en: 'Trade promotion' },
};

export const stageOrder = (s: PipelineStage) => PIPELINE_STAGES.indexOf(s);

export interface StageReached {
  stage: PipelineStage;
  reachedOn: string;
}

/**
 * Why a new stage may not follow the recorded ones (null when it may): it must come after the
 * last stage reached, on the same day or later, not in the future and not before the year the
 * candidate was registered.
 */
export function stageProblem(
  reached: readonly StageReached[],
  next: StageReached,
  ctx: { yearRegistered: number; today: string },
): { path: string; message: string; order?: true } | null {
  if (next.reachedOn > ctx.today) return { path: 'body.reachedOn', message: 'must not be after today' };
  if (next.reachedOn < `${ctx.yearRegistered}-01-01`)
    return {
      path: 'body.reachedOn',
      message: `must not be before the year the candidate was registered (${ctx.yearRegistered})`,
    };
  const last = [...reached].sort((a, b) => stageOrder(b.stage) - stageOrder(a.stage))[0];
  if (!last) return null;
  if (stageOrder(next.stage) <= stageOrder(last.stage))
    return {
      path: 'body.stage',
      message: `stages only move forward: the candidate is already at "${last.stage}"`,
      order: true,
    };
  if (next.reachedOn < last.reachedOn)
    return {
      path: 'body.reachedOn',
      message: `must not be before the day the last stage was reached (${last.reachedOn})`,
      order: true,
    };
  return null;
}

/** The day `months` months before `today` (YYYY-MM-DD; the month's last day when shorter): a candidate whose last stage is older has stalled. */
export function stalledBefore(today: string, months: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1 - months;
  const d = Number(today.slice(8, 10));
  const date = new Date(Date.UTC(y, m, 1));
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(d, last));
  return date.toISOString().slice(0, 10);
}
