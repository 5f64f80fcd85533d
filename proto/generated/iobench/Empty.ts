/* eslint-disable @typescript-eslint/no-empty-object-type */
// Original file: proto/iobench.proto

export interface Empty {}

export interface Empty__Output {}
