------------------------- MODULE MCChannelThreshold -------------------------
EXTENDS ChannelThreshold

MCCorrect == {"c1", "c2", "c3"}
MCFaulty == {"b1"}
MCChannels == {"alice-bob"}
MCNonces == {1, 2}
MCStates == {"s1", "s2"}
\* Consensus committed s1 at nonce 1 and s2 at nonce 2.
MCCommitted == { [channel |-> "alice-bob", nonce |-> 1, state |-> "s1"],
                 [channel |-> "alice-bob", nonce |-> 2, state |-> "s2"] }
=============================================================================
