/**
 * One refused request of a bulk call (`createTasks`): its index in the array given, the stable
 * `code` of the error it raised and that error's message.
 * @publicApi
 */
export interface BatchItemProblem {
  index: number;
  code: string;
  message: string;
}
