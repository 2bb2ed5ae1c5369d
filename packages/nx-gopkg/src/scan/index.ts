// Public API of the scanner core.
export * from './types';
export { parseGoFileHeader, readGoFileHeader, parseCommentHeader, readCommentHeader } from './header-reader';
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
// Modules and workspaces: go.mod, go.work, go.sum, vendor/modules.txt and the directory walk.
export { parseGoMod, isDirectoryPath } from './gomod';
export { parseGoWork } from './gowork';
export { parseGoSum, lookupGoSumHash, indexGoSum } from './gosum';
export { parseVendorModulesTxt, vendoringInEffect, checkVendorConsistency, modFlagFromGoflags, compareGoVersions } from './vendor';
export type { VendorModulesTxt, VendorDecisionInput, ModFlag } from './vendor';
export { discoverWorkspace, IgnorePatterns } from './walk';
export type { DiscoverOptions } from './walk';
export { scanPackageDirs, prefetchHeaders, prefetchedReaders } from './prefetch';
export type { PrefetchedHeaders } from './prefetch';
