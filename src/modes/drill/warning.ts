/** The four-colour warning scale lives with the live drill engine (workers/drill/warning.ts). */
export { warningColour, WARNING_CSS, WARNING_ORDER, type WarningColour } from '../../../workers/drill/warning.ts';
