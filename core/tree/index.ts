// The directory tree as a function of an index (spec §2): counts, names, index ↔ path, lazy iteration, agent
// split. Nothing is materialised; path functions are O(depth); counts are exact BigInts.
export { treeCounts, levelOffsets, type TreeCounts } from './counts';
export { DEFAULT_DIR_MASK, dirName, fileName, compileMask, SegmentNames, type CompiledMask } from './names';
export { type TreeIndex } from './geometry';
export {
  dirPath,
  dirOrdinal,
  dirAt,
  fileDir,
  filePath,
  dirFileRange,
  type DirRef,
  type FileRange,
} from './paths';
export {
  iterDirs,
  iterDirPaths,
  iterFiles,
  type AgentFilter,
  type IterOptions,
  type TreeDir,
  type TreeFile,
} from './iterate';
export {
  fileOwner,
  dirOwner,
  moduloShare,
  agentFileCount,
  agentDirCount,
  prepareSplitMode,
  type SplitMode,
} from './split';
