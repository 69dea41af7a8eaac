// This file is not part of CometBFT: the hybrid-bft driver (conformance/drivers/go/cometbft)
// adds it to CometBFT's `consensus` package at build time (`go build -overlay`, see
// build.mjs), so that the driver can run the engine's own unexported handlers one event
// at a time. It only calls CometBFT's functions; it changes none of them.
//
// What it exposes (all to be called from the driver's single goroutine, never while a
// handler runs):
//   - DriverInstall: a TimeoutTicker that records each ScheduleTimeout instead of
//     starting a timer (timeouts come back as trace events), a replacement for the
//     proposer's block choice (decideProposal, a field the engine itself makes
//     replaceable), and a listener on every step change (EventNewRoundStep);
//   - DriverHandleMsg / DriverHandleTimeout: handleMsg and handleTimeout, as the
//     engine's receiveRoutine calls them;
//   - DriverNextInternal: the next of the engine's own messages (proposal, block parts,
//     votes) from its internal queue, or nil when it is empty;
//   - DriverSendInternal: sendInternalMessage, for the replacement decideProposal;
//   - DriverChainState: the committed chain state (cs.state) without taking the lock
//     (for use inside decideProposal, which runs under it).
package consensus

import (
	cstypes "github.com/cometbft/cometbft/consensus/types"
	cmtevents "github.com/cometbft/cometbft/libs/events"
	"github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/p2p"
	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/types"
)

// DriverTimeout is one ScheduleTimeout call: (height, round, step); durations are dropped.
type DriverTimeout struct {
	Height int64
	Round  int32
	Step   cstypes.RoundStepType
}

// driverTicker is a TimeoutTicker without a clock: it only records what is scheduled.
type driverTicker struct {
	record func(DriverTimeout)
	c      chan timeoutInfo
}

func (t *driverTicker) Start() error             { return nil }
func (t *driverTicker) Stop() error              { return nil }
func (t *driverTicker) Chan() <-chan timeoutInfo { return t.c }
func (t *driverTicker) SetLogger(log.Logger)     {}
func (t *driverTicker) ScheduleTimeout(ti timeoutInfo) {
	t.record(DriverTimeout{ti.Height, ti.Round, ti.Step})
}

// DriverInstall sets the recording ticker, the proposer's block choice, and a listener
// called with the round state at every step change (newStep).
func (cs *State) DriverInstall(record func(DriverTimeout), decide func(height int64, round int32), onStep func(*cstypes.RoundState)) {
	cs.SetTimeoutTicker(&driverTicker{record: record, c: make(chan timeoutInfo)})
	cs.decideProposal = decide
	if err := cs.evsw.AddListenerForEvent("hybrid-bft-driver", types.EventNewRoundStep, func(data cmtevents.EventData) {
		onStep(data.(*cstypes.RoundState))
	}); err != nil {
		panic(err)
	}
}

// DriverHandleMsg runs handleMsg on a message from peer (as receiveRoutine does for the
// peer queue, or for the internal queue with peer ""), then empties the stats queue that
// handleMsg feeds for the reactor (it would block once full).
func (cs *State) DriverHandleMsg(msg Message, peer p2p.ID) {
	cs.handleMsg(msgInfo{msg, peer})
	for {
		select {
		case <-cs.statsMsgQueue:
		default:
			return
		}
	}
}

// DriverHandleTimeout runs handleTimeout for (height, round, step) against the current
// round state, as receiveRoutine does when the ticker fires.
func (cs *State) DriverHandleTimeout(height int64, round int32, step cstypes.RoundStepType) {
	cs.handleTimeout(timeoutInfo{0, height, round, step}, cs.RoundState)
}

// DriverNextInternal takes the next own message from the internal queue, nil if empty.
func (cs *State) DriverNextInternal() Message {
	select {
	case mi := <-cs.internalMsgQueue:
		return mi.Msg
	default:
		return nil
	}
}

// DriverSendInternal queues an own message (sendInternalMessage).
func (cs *State) DriverSendInternal(msg Message) { cs.sendInternalMessage(msgInfo{msg, ""}) }

// DriverChainState is the committed chain state, read without the lock.
func (cs *State) DriverChainState() sm.State { return cs.state }
