------------------------- MODULE MCChannelEndToEnd -------------------------
EXTENDS ChannelEndToEnd

\* n = 4, f = 1: two nonces of one channel, two states each.
MCCorrect3 == {"c1", "c2", "c3"}
MCFaulty1 == {"b1"}
\* n = 7, f = 2: one nonce (the state space grows as 2^n per update).
MCCorrect5 == {"c1", "c2", "c3", "c4", "c5"}
MCFaulty2 == {"b1", "b2"}
MCChannels == {"alice-bob"}
MCNonces2 == {1, 2}
MCNonces1 == {1}
MCStates == {"s1", "s2"}
=============================================================================
