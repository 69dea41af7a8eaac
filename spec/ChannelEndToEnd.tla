--------------------------- MODULE ChannelEndToEnd ---------------------------
(***************************************************************************)
(* The hybrid end to end (issue 24 §3): a channel update is decided by the *)
(* entity's consensus, signed with the validators' threshold shares,      *)
(* combined into a certificate by whoever holds t partials, and accepted  *)
(* by the counterparty's ledger in nonce order.                           *)
(*                                                                         *)
(* Consensus is abstracted by its Agreement property, checked in          *)
(* Consensus.tla: at most one update per (channel, nonce) is ever decided,*)
(* in any order. A correct validator signs only a decided update          *)
(* (src/channel/signer.ts); a Byzantine one signs anything. Any t         *)
(* partials on one update combine into its certificate (threshold.ts:    *)
(* Lagrange at 0; how the shares were made, by a dealer or by the DKG of  *)
(* src/crypto/dkg.ts, does not matter here). The ledger                    *)
(* (src/channel/ledger.ts) accepts a certified update whose nonce is above *)
(* the last one it accepted on that channel. Signatures are abstract: a   *)
(* partial is "signed by" its signer, and no one forges a correct         *)
(* validator's partial.                                                   *)
(*                                                                         *)
(* Checked (MCChannelEndToEnd_*.cfg, spec/models.json):                   *)
(*   CertifiedOnlyDecided, AcceptedOnlyDecided, NoConflictingAccepted     *)
(*   hold for t = f + 1 (f = 1 of n = 4, f = 2 of n = 7) and fail for      *)
(*   t = f: the f Byzantine signers alone certify an update that was not  *)
(*   decided. Mutant "sign-same-nonce": a signer that checks only that    *)
(*   SOME update of that (channel, nonce) was decided, not this one, is   *)
(*   caught with t = f + 1. Witnesses show the checks are not vacuous.    *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
  Correct,    \* the correct validators
  Faulty,     \* the Byzantine validators (f of them)
  T,          \* the threshold: partials needed for a certificate
  Channels,   \* channel ids
  Nonces,     \* nonces (positive integers)
  States,     \* the states an update can commit to
  Mutant      \* "none", or "sign-same-nonce" (the signer bug above)

Validators == Correct \cup Faulty
Updates == [channel : Channels, nonce : Nonces, state : States]

ASSUME Correct \cap Faulty = {}
ASSUME T \in 1..Cardinality(Validators)
ASSUME Nonces \subseteq Nat \ {0}
ASSUME Mutant \in {"none", "sign-same-nonce"}

VARIABLES
  decided,    \* the updates the entity's consensus decided
  signed,     \* signed[u]: the validators that produced a partial signature on u
  last,       \* last[c]: the ledger's last accepted nonce on channel c (0: none)
  accepted    \* the updates the ledger accepted

vars == <<decided, signed, last, accepted>>

TypeOK ==
  /\ decided \subseteq Updates
  /\ signed \in [Updates -> SUBSET Validators]
  /\ last \in [Channels -> {0} \cup Nonces]
  /\ accepted \subseteq Updates

Init ==
  /\ decided = {}
  /\ signed = [u \in Updates |-> {}]
  /\ last = [c \in Channels |-> 0]
  /\ accepted = {}

SameSlot(u, v) == u.channel = v.channel /\ u.nonce = v.nonce

\* Consensus decides u; by Agreement nothing else was decided for its (channel, nonce).
Decide(u) ==
  /\ \A v \in decided : ~SameSlot(u, v)
  /\ decided' = decided \cup {u}
  /\ UNCHANGED <<signed, last, accepted>>

\* What a correct signer checks before it signs u (ChannelSigner: committed(u)).
SignerAllows(u) ==
  IF Mutant = "sign-same-nonce" THEN \E v \in decided : SameSlot(u, v) ELSE u \in decided

Sign(p, u) ==
  /\ p \notin signed[u]
  /\ (p \in Faulty \/ SignerAllows(u))
  /\ signed' = [signed EXCEPT ![u] = @ \cup {p}]
  /\ UNCHANGED <<decided, last, accepted>>

\* A certificate for u exists once t partials on u do (anyone can combine them).
Certified(u) == Cardinality(signed[u]) >= T

\* The counterparty's ledger: a certified update, nonces strictly increasing per channel.
Accept(u) ==
  /\ Certified(u)
  /\ u.nonce > last[u.channel]
  /\ accepted' = accepted \cup {u}
  /\ last' = [last EXCEPT ![u.channel] = u.nonce]
  /\ UNCHANGED <<decided, signed>>

Next ==
  \E u \in Updates :
     \/ Decide(u)
     \/ \E p \in Validators : Sign(p, u)
     \/ Accept(u)

Spec == Init /\ [][Next]_vars

\* The end-to-end rule: a certificate exists only for a decided update ...
CertifiedOnlyDecided == \A u \in Updates : Certified(u) => u \in decided
\* ... so the ledger accepts only decided updates, and never two for one (channel, nonce).
AcceptedOnlyDecided == accepted \subseteq decided
NoConflictingAccepted == \A u, v \in accepted : SameSlot(u, v) => u = v

\* Witnesses (each cfg expects TLC to report it violated: the state is reachable).
\* Two updates of one channel accepted in nonce order.
NotTwoAccepted == Cardinality(accepted) < 2
\* A Byzantine partial on an update that was not decided (what the threshold must outvote).
NoFaultyPartialOnUndecided == \A u \in Updates : u \notin decided => signed[u] \cap Faulty = {}
=============================================================================
