// Public API of the scanner core. The walk/go.mod side is exported by its owner's modules:
// export * from './gomod';
// export * from './gowork';
// export * from './gosum';
// export * from './vendor';
// export * from './walk';
export * from './types';
export { parseGoFileHeader, readGoFileHeader, parseCommentHeader, readCommentHeader, isValidImportPath } from './header-reader';
export type { CommentHeader } from './header-reader';
export {
  parseConstraintLine,
  parseGoBuildExpr,
  parsePlusBuildExpr,
  evalConstraint,
  evalAnyTags,
  isGoBuildLine,
  isPlusBuildLine,
} from './constraint';
export type { ConstraintExpr, ParseResult } from './constraint';
export { KNOWN_OS, KNOWN_ARCH, UNIX_OS, PORTS, isKnownOS, isKnownArch, isUnixOS, fileNameConstraint, matchFileName } from './syslist';
export { classifyFile, tagEvaluator, contextTagMatcher, constraintOutcome, releaseTags, otherFileList } from './match-file';
export type { FileDecision, TagEvaluator, OtherFileList } from './match-file';
export { resolveEmbeds, isBadEmbedName, globToRegExp } from './embed';
export type { EmbedResult } from './embed';
export { scanPackageDir, scanPackageDirModes } from './package';
export type { ScanOptions } from './package';
export { contextFromGo, goEnv } from './go-env';
