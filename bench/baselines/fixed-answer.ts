/** The one-line answer the fixed-text baselines (minimal Bolt, bare node:http) send. */
export const FIXED_ANSWER = { response_type: 'ephemeral', text: 'CAFTA 3.0: 0 of 11 parties have ratified.' };
