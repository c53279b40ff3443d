// Where the board and the case page send each other. The board's filters are kept in its URL
// hash and, under FILTERS_KEY, in this tab's sessionStorage, so the case page's "Case board" link
// comes back to the same view as Back does.

export const FILTERS_KEY = "disputeclerk.board.filters";

/** The case page of `caseId` (ids are [A-Za-z0-9._-], encoded all the same). */
export function caseHref(caseId) {
  return `case.html?id=${encodeURIComponent(caseId)}`;
}

/** The board with the filters the seller last used in this tab. */
export function boardHref() {
  const filters = sessionStorage.getItem(FILTERS_KEY);
  return filters ? `cases.html#${filters}` : "cases.html";
}
