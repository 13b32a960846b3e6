/** Bumped whenever a change could alter any output byte, so stored runs say which engine made them. */
export const ENGINE_VERSION = 'skillfund-engine/1.0.0';
