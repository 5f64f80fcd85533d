// Original file: proto/iobench.proto

export const TriStateToggle = {
  TRI_STATE_TOGGLE_UNSPECIFIED: 0,
  TRI_STATE_TOGGLE_OFF: 1,
  TRI_STATE_TOGGLE_ON: 2,
} as const;

export type TriStateToggle =
  'TRI_STATE_TOGGLE_UNSPECIFIED' | 0 | 'TRI_STATE_TOGGLE_OFF' | 1 | 'TRI_STATE_TOGGLE_ON' | 2;

export type TriStateToggle__Output = (typeof TriStateToggle)[keyof typeof TriStateToggle];
