---------------------------- MODULE MCMalPol ----------------------------
(* A behaviour of Consensus.tla chosen event by event (ACTION_CONSTRAINT on *)
(* TLCGet("level")): c2 holds a polka for v1 of round 0, reaches round 1 by *)
(* L55, and receives the Byzantine proposer's v2 with validRound 0 (L28).  *)
EXTENDS MCConsensus, TLC

OrderPol == <<"c1", "b1", "c2", "c3">>   \* h1 r0: c1; h1 r1: b1 (Byzantine)
ByzPol ==
  { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PREVOTE", "b1", 1, 0, "nil", -1, {}),
    Msg("PRECOMMIT", "b1", 1, 0, "nil", -1, {}), Msg("PREVOTE", "b1", 1, 1, "nil", -1, {}),
    Msg("PROPOSAL", "b1", 1, 1, "v2", 0, {}) }

SH(p) == [kind |-> "StartHeight", p |-> p]
DL(p, t, src, r, v, vr) == [kind |-> "Deliver", p |-> p, msg |-> Msg(t, src, 1, r, v, vr, {})]
TO(p, t, r) == [kind |-> "Timeout", p |-> p, timeout |-> t, round |-> r]
Script == <<
  SH("c1"), SH("c2"), SH("c3"),
  DL("c3", "PROPOSAL", "c1", 0, "v1", -1),
  DL("c2", "PREVOTE", "c1", 0, "v1", -1), DL("c2", "PREVOTE", "c3", 0, "v1", -1),
  DL("c2", "PREVOTE", "b1", 0, "v1", -1),
  DL("c3", "PREVOTE", "b1", 0, "nil", -1), DL("c3", "PREVOTE", "c1", 0, "v1", -1),
  TO("c3", "prevote", 0),
  DL("c1", "PREVOTE", "c3", 0, "v1", -1), DL("c1", "PREVOTE", "b1", 0, "nil", -1),
  TO("c1", "prevote", 0),
  DL("c3", "PRECOMMIT", "c1", 0, "nil", -1), DL("c3", "PRECOMMIT", "b1", 0, "nil", -1),
  TO("c3", "precommit", 0), TO("c3", "propose", 1),
  DL("c2", "PREVOTE", "b1", 1, "nil", -1), DL("c2", "PREVOTE", "c3", 1, "nil", -1),
  DL("c2", "PROPOSAL", "b1", 1, "v2", 0)
>>
Matches(e, s) ==
  /\ e.kind = s.kind /\ e.p = s.p
  /\ s.kind = "Deliver" => e.msg = s.msg
  /\ s.kind = "Timeout" => e.timeout = s.timeout /\ e.round = s.round

FollowScript ==
  TLCGet("level") <= Len(Script) /\ Matches(event', Script[TLCGet("level")])
ScriptNotDone == TLCGet("level") <= Len(Script)
=============================================================================
