----------------------------- MODULE MCConsensus -----------------------------
(* Constants of the model-checking runs of Consensus.tla; each MCConsensus_*.cfg *)
(* picks its own through `<-`.                                                  *)
EXTENDS Consensus

MCCorr3 == {"c1", "c2", "c3"}
MCFaulty1 == {"b1"}
MCOrder4 == <<"b1", "c1", "c2", "c3">>   \* h1 r0: Byzantine proposer; h1 r1: c1; h2 r0: c1
MCValid2 == {"v1", "v2"}
MCInvalid1 == {"bad"}
MCNoByz == {}

\* b1 as proposer of (1, 0) equivocates between v1 and v2, and votes both ways.
MCByzEquivocate ==
  { Msg("PROPOSAL", "b1", 1, 0, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, "b1", 1, 0, v, -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, v \in {"v1", "v2"} }
MCOrderC1 == <<"c1", "c2", "c3", "b1">>  \* h1 r0: c1 (correct); h1 r1: c2
MCCorr2 == {"c1", "c2"}
MCFaulty2 == {"b1", "b2"}
MCOrder2B == <<"b1", "c1", "b2", "c2">>

\* The `ci` pool: b1, proposer of (1, 0), proposes v1 to some and v2 to others,
\* and prevotes and precommits v1 in round 0 and nil in round 1.
MCByzCi ==
  { Msg("PROPOSAL", "b1", 1, 0, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, "b1", 1, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }

\* f+1 = 2 Byzantine validators (n = 4): b1 equivocates as proposer of (1, 0) and
\* both vote for both values.
MCByzTwo ==
  { Msg("PROPOSAL", "b1", 1, 0, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, b, 1, 0, v, -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, b \in {"b1", "b2"}, v \in {"v1", "v2"} }

\* A Byzantine proposal of an invalid value.
MCByzInvalid == { Msg("PROPOSAL", "b1", 1, 0, "bad", -1, {}) }
\* Every Byzantine message of b1 within the bounds.
MCByzFull == ByzMsgsAll

\* The simulation's pool: b1 proposes v1, v2 and an invalid value in round 0
\* and votes every way in every round of height 1, and proposes out of turn in
\* round 1 (receivers must reject that).
MCByzSim ==
  { Msg("PROPOSAL", "b1", 1, r, v, -1, {}) : r \in {0, 1}, v \in {"v1", "v2", "bad"} }
  \cup { Msg(t, "b1", 1, r, v, -1, {}) :
          t \in {"PREVOTE", "PRECOMMIT"}, r \in 0..MaxRound, v \in {"v1", "v2", "nil"} }

\* b1 prevotes v1 in round 0 and v2 in round 1 (helps a polka each time).
MCByzRelock == { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PREVOTE", "b1", 1, 1, "v2", -1, {}) }

\* b1 sends one message of round 1 early.
MCByzSkip == { Msg("PREVOTE", "b1", 1, 1, "nil", -1, {}) }

\* The design sketch's counterexamples: b1 proposes v1 in round 0 and supports it,
\* then supports v2 in round 1.
MCByzSketch ==
  { Msg("PROPOSAL", "b1", 1, 0, "v1", -1, {}) }
  \cup { Msg(t, "b1", 1, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }
  \cup { Msg(t, "b1", 1, 1, "v2", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }

\* Targets the search for the sketch's counterexamples (sound for finding one:
\* a violation in a constrained state space is a violation): c1 never receives
\* the round-0 proposal, and nobody receives b1's round-0 messages but c2 and c3.
SketchConstraint ==
  \A m \in ps["c1"].store : ~(m.type = "PROPOSAL" /\ m.round = 0)
=============================================================================
