// Response times kept at closure for reports: intake→dispatch, dispatch→first arrival, intake→first arrival, budget met.

export interface ResponseTimes {
  intakeToDispatchS: number | null;
  dispatchToFirstArrivalS: number | null;
  intakeToFirstArrivalS: number | null;
  /** Null when no unit ever arrived (closed before arrival): neither met nor missed. */
  budgetMet: boolean | null;
}

export function responseTimes(i: { intakeAt: number; deadlineAt: number; firstDispatchAt: number | null; firstArrivalAt: number | null }): ResponseTimes {
  const s = (from: number | null, to: number | null): number | null => (from === null || to === null ? null : (to - from) / 1000);
  return {
    intakeToDispatchS: s(i.intakeAt, i.firstDispatchAt),
    dispatchToFirstArrivalS: s(i.firstDispatchAt, i.firstArrivalAt),
    intakeToFirstArrivalS: s(i.intakeAt, i.firstArrivalAt),
    budgetMet: i.firstArrivalAt === null ? null : i.firstArrivalAt <= i.deadlineAt,
  };
}
