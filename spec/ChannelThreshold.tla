--------------------------- MODULE ChannelThreshold ---------------------------
(***************************************************************************)
(* Threshold certificates for channel state updates (the second half of   *)
(* hybrid-bft; src/channel/, src/crypto/threshold.ts).                     *)
(*                                                                         *)
(* An entity's validators hold t-of-n shares of one key. A correct        *)
(* validator signs a channel update (channel, nonce, state) only after    *)
(* the entity's consensus committed it; consensus commits at most one     *)
(* update per (channel, nonce) (Agreement, checked in Consensus.tla).     *)
(* Byzantine validators sign anything. An update is certified once t       *)
(* partial signatures on it exist (any t partials combine by Lagrange      *)
(* interpolation into the group signature). Signatures are abstract: a    *)
(* partial is "signed by" its signer.                                     *)
(*                                                                         *)
(* Checked: NoConflictingCertificates holds for t >= f + 1 and fails for   *)
(* t = f (MCChannelThreshold_*.cfg).                                       *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
  Correct,    \* the correct validators
  Faulty,     \* the Byzantine validators (f of them)
  T,          \* the threshold: partials needed for a certificate
  Channels,   \* channel ids
  Nonces,     \* nonces
  States,     \* the states an update can commit to
  Committed   \* the updates the entity's consensus committed

Validators == Correct \cup Faulty
Updates == [channel : Channels, nonce : Nonces, state : States]

ASSUME Correct \cap Faulty = {}
ASSUME T \in 1..Cardinality(Validators)
ASSUME Committed \subseteq Updates
\* Consensus decides one update per (channel, nonce) (Agreement).
ASSUME \A u1, u2 \in Committed : (u1.channel = u2.channel /\ u1.nonce = u2.nonce) => u1 = u2

VARIABLE signed   \* signed[u]: the validators that produced a partial signature on u

TypeOK == signed \in [Updates -> SUBSET Validators]

Init == signed = [u \in Updates |-> {}]

\* A correct validator signs only a committed update.
CorrectSigns(p, u) ==
  /\ u \in Committed /\ p \notin signed[u]
  /\ signed' = [signed EXCEPT ![u] = @ \cup {p}]

\* A Byzantine validator signs anything.
FaultySigns(b, u) ==
  /\ b \notin signed[u]
  /\ signed' = [signed EXCEPT ![u] = @ \cup {b}]

Next ==
  \E u \in Updates :
     \/ \E p \in Correct : CorrectSigns(p, u)
     \/ \E b \in Faulty : FaultySigns(b, u)

Spec == Init /\ [][Next]_signed

Certified(u) == Cardinality(signed[u]) >= T

\* No two different updates with the same (channel, nonce) are both certified.
NoConflictingCertificates ==
  \A u1, u2 \in Updates :
    (Certified(u1) /\ Certified(u2) /\ u1.channel = u2.channel /\ u1.nonce = u2.nonce) => u1 = u2
=============================================================================
