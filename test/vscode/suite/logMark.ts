/**
 * The environment variable through which the code-server harness asks the suites to mark each
 * line of their report, so that it can pick those lines out of the workbench's log. Unset under
 * @vscode/test-electron, whose extension host writes to the terminal directly.
 */
export const LOG_MARK_VARIABLE = 'INSPECTION_LENS_TEST_LOG_MARK';
