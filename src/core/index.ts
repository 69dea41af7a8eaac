// The public surface of the pure consensus core (docs/core.md). Submodules stay
// importable directly; this file only gathers what drivers and replayers need.
export { makeConfig, timeoutDuration, DEFAULT_TIMEOUTS, DEFAULT_MAX_ROUND, DEFAULT_FUTURE_BUFFER } from './config.ts';
export type { CoreConfig, ConfigInput, FirstHeight, GetValueMode, OwnMessagesMode, TimeoutSetting } from './config.ts';
export type { ConsensusCrypto } from './crypto.ts';
export { trustingCrypto } from './crypto.ts';
export { initState, project, step, stepWithRules } from './step.ts';
export type { ConsensusState, StepResult } from './step.ts';
export { RULES, REACTION_ORDER } from './rules.ts';
export type { RuleInfo } from './rules.ts';
export type { RuleList } from './reaction.ts';
export { proposer, proposerOf, ROUND_ROBIN } from './proposer.ts';
export type { ProposerSelection } from './proposer.ts';
export { equalPower, powerOf, powerOfOne } from './power.ts';
export { idRecord, own } from './ids.ts';
export type { IdRecord } from './ids.ts';
export type { PowerTable } from './power.ts';
export { faulty, quorum, skipThreshold } from './quorum.ts';
export { commitMessage } from './commit.ts';
export * from './types.ts';
