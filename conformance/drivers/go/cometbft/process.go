// One correct process: CometBFT's real consensus.State (v0.38.26) with its block executor
// and application, driven one event at a time through the hooks of overlay/driver_hooks.go.
//
// Host adaptations (docs/peers/cometbft.md, "Adaptations"):
//   - own messages: the engine's internal queue is emptied within the step (each own
//     proposal, block part and vote handled by handleMsg at once, in queue order), so own
//     messages count within the step; each is output as a broadcast when it is signed;
//   - timeouts: ScheduleTimeout is recorded (propose, prevote wait, precommit wait become
//     scheduleTimeout propose, prevote, precommit); timeout_commit (step NewHeight) is not
//     output: the trace's StartHeight(h+1) is its firing. The propose timeout a proposer
//     schedules for a round it proposes in within the step is not output (L21 schedules
//     none for the proposer; the engine's is stale once it has prevoted its proposal);
//   - heights: a message of a height above the engine's is buffered by the host and
//     delivered when the engine reaches that height (the engine takes one height; in its
//     NewHeight step, timeout_commit, it already takes the next height's messages, as
//     from its peers);
//   - a delivered message is rebuilt from its record and signed with its src's key: a
//     PROPOSAL becomes the engine's ProposalMessage and the BlockPartMessages of its
//     value's block; a COMMIT becomes the PRECOMMITs of its certificate's signers and the
//     block parts of its value (the engine's catch-up: votes and parts, no message of its own).
package main

import (
	"fmt"
	"sort"

	cfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/consensus"
	cstypes "github.com/cometbft/cometbft/consensus/types"
	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/p2p"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/types"
)

type snapshot struct {
	round             int32
	locked, valid     string
	lockedRd, validRd int32
}

// Process is one correct process of a trace.
type Process struct {
	me        *Key
	t         *Trace
	n         *node
	cs        *consensus.State
	bus       *types.EventBus
	started   int64 // the last height started by StartHeight (0: none)
	committed int64 // the last height the engine committed
	getValue  string
	out       []Output
	future    []*Msg
	states    map[int64]sm.State // chain state at h-1, for each height h reached
	decisions map[int64]Decision
	snap      snapshot
	proposed  map[[2]int64]bool
	failure   error
	// delivering > 0 while a buffered message is being delivered (no nested flush)
	delivering int
}

type signer struct{ p *Process }

func (s signer) GetPubKey() (crypto.PubKey, error) { return s.p.me.Priv.PubKey(), nil }

func (s signer) SignVote(chain string, v *cmtproto.Vote) error {
	v.Timestamp = stamp(v.Height)
	sig, err := s.p.me.Priv.Sign(types.VoteSignBytes(chain, v))
	if err != nil {
		return err
	}
	v.Signature = sig
	typ := "PREVOTE"
	if v.Type == cmtproto.PrecommitType {
		typ = "PRECOMMIT"
	}
	s.p.out = append(s.p.out, broadcast(Msg{Type: typ, Src: s.p.me.Name, Height: v.Height, Round: v.Round,
		Value: s.p.t.value(v.BlockID.Hash), ValidRound: -1}))
	return nil
}

func (s signer) SignProposal(chain string, p *cmtproto.Proposal) error {
	p.Timestamp = stamp(p.Height)
	sig, err := s.p.me.Priv.Sign(types.ProposalSignBytes(chain, p))
	p.Signature = sig
	return err
}

type evidence struct{ p *Process }

func (e evidence) ReportConflictingVotes(a, b *types.Vote) {
	first, second := e.p.voteMsg(a), e.p.voteMsg(b)
	e.p.out = append(e.p.out, Output{"kind": "evidence", "src": first.Src, "type": first.Type, "height": a.Height,
		"round": a.Round, "first": first.json(), "second": second.json()})
}

type noTxs struct{}

func (noTxs) TxsAvailable() <-chan struct{} { return nil }

func (p *Process) voteMsg(v *types.Vote) Msg {
	typ := "PREVOTE"
	if v.Type == cmtproto.PrecommitType {
		typ = "PRECOMMIT"
	}
	src := fmt.Sprintf("unknown-%X", v.ValidatorAddress)
	if k := p.t.byAddr[string(v.ValidatorAddress)]; k != nil {
		src = k.Name
	}
	return Msg{Type: typ, Src: src, Height: v.Height, Round: v.Round, Value: p.t.value(v.BlockID.Hash), ValidRound: -1}
}

func newProcess(t *Trace, name string) (*Process, error) {
	n, err := newNode(t)
	if err != nil {
		return nil, err
	}
	p := &Process{me: t.byName[name], t: t, n: n, states: map[int64]sm.State{1: t.genesis},
		decisions: map[int64]Decision{}, proposed: map[[2]int64]bool{}}
	conf := cfg.DefaultConsensusConfig() // CreateEmptyBlocks, no interval, SkipTimeoutCommit off
	p.cs = consensus.NewState(conf, t.genesis.Copy(), n.exec, n.blockStore, noTxs{}, evidence{p})
	p.cs.SetLogger(log.NewNopLogger())
	p.bus = types.NewEventBus()
	p.bus.SetLogger(log.NewNopLogger())
	if err := p.bus.Start(); err != nil {
		return nil, err
	}
	p.cs.SetEventBus(p.bus)
	p.cs.SetPrivValidator(signer{p})
	p.cs.DriverInstall(p.record, p.decideProposal, p.onStep)
	return p, nil
}

func (p *Process) close() {
	_ = p.bus.Stop()
	_ = p.n.conns.Stop()
}

func (p *Process) record(ti consensus.DriverTimeout) {
	kind := map[cstypes.RoundStepType]string{cstypes.RoundStepPropose: "propose",
		cstypes.RoundStepPrevoteWait: "prevote", cstypes.RoundStepPrecommitWait: "precommit"}[ti.Step]
	if kind == "" {
		return // timeout_commit (NewHeight): the trace's StartHeight
	}
	p.out = append(p.out, Output{"kind": "scheduleTimeout", "timeout": kind, "height": ti.Height, "round": ti.Round})
}

func (p *Process) onStep(rs *cstypes.RoundState) {
	if rs.Step != cstypes.RoundStepCommit {
		return
	}
	p.snap = snapshot{round: rs.Round, locked: p.blockValue(rs.LockedBlock), lockedRd: rs.LockedRound,
		valid: p.blockValue(rs.ValidBlock), validRd: rs.ValidRound}
}

func (p *Process) blockValue(b *types.Block) string {
	if b == nil {
		return "none"
	}
	return p.t.value(b.Hash())
}

// decideProposal replaces the engine's block choice (State.decideProposal): the valid
// block if it has one (as the engine's own), else the event's getValue() answer's block.
func (p *Process) decideProposal(height int64, round int32) {
	cs := p.cs
	var b *Block
	if cs.ValidBlock != nil {
		b = &Block{Value: p.t.value(cs.ValidBlock.Hash()), Block: cs.ValidBlock, Parts: cs.ValidBlockParts,
			ID: types.BlockID{Hash: cs.ValidBlock.Hash(), PartSetHeader: cs.ValidBlockParts.Header()}}
	} else {
		if p.getValue == "none" {
			p.failure = fmt.Errorf("process %s proposes a fresh value at (%d, %d) but the event's value is \"none\"", p.me.Name, height, round)
			return
		}
		var err error
		if b, err = p.t.block(cs.DriverChainState(), height, p.getValue); err != nil {
			p.failure = err
			return
		}
	}
	prop := &types.Proposal{Type: cmtproto.ProposalType, Height: height, Round: round, POLRound: cs.ValidRound, BlockID: b.ID}
	pp := prop.ToProto()
	if err := (signer{p}).SignProposal(chainID, pp); err != nil {
		p.failure = err
		return
	}
	prop.Signature, prop.Timestamp = pp.Signature, pp.Timestamp
	p.out = append(p.out, broadcast(Msg{Type: "PROPOSAL", Src: p.me.Name, Height: height, Round: round,
		Value: b.Value, ValidRound: cs.ValidRound}))
	p.proposed[[2]int64{height, int64(round)}] = true
	cs.DriverSendInternal(&consensus.ProposalMessage{Proposal: prop})
	for i := 0; i < int(b.Parts.Total()); i++ {
		cs.DriverSendInternal(&consensus.BlockPartMessage{Height: height, Round: round, Part: b.Parts.GetPart(i)})
	}
}

// drain handles the engine's own queued messages, and notes each commit.
func (p *Process) drain() {
	p.noteCommits()
	for m := p.cs.DriverNextInternal(); m != nil; m = p.cs.DriverNextInternal() {
		p.cs.DriverHandleMsg(m, "")
		p.noteCommits()
	}
	// Messages buffered for the height the engine has now reached (it takes them in
	// its NewHeight step too, as it does from its peers during timeout_commit).
	for p.delivering == 0 {
		i := -1
		for k, m := range p.future {
			if m.Height == p.cs.Height {
				i = k
				break
			}
		}
		if i < 0 {
			return
		}
		m := p.future[i]
		p.future = append(p.future[:i:i], p.future[i+1:]...)
		p.delivering++
		err := p.deliver(m)
		p.delivering--
		if err != nil && p.failure == nil {
			p.failure = err
		}
	}
}

func (p *Process) handle(m consensus.Message, peer string) {
	p.cs.DriverHandleMsg(m, p2p.ID(peer))
	p.drain()
}

// noteCommits outputs a decide for each height the engine committed since the last call.
func (p *Process) noteCommits() {
	for p.committed+1 < p.cs.Height {
		h := p.committed + 1
		blk, seen := p.n.blockStore.LoadBlock(h), p.n.blockStore.LoadSeenCommit(h)
		cert := []string{}
		for _, s := range seen.Signatures {
			if s.BlockIDFlag == types.BlockIDFlagCommit {
				cert = append(cert, p.t.byAddr[string(s.ValidatorAddress)].Name)
			}
		}
		sort.Strings(cert)
		d := Decision{Value: p.t.value(blk.Hash()), Round: seen.Round, Cert: cert}
		p.decisions[h] = d
		p.out = append(p.out, Output{"kind": "decide", "height": h, "value": d.Value, "round": d.Round, "cert": cert})
		p.committed = h
		p.states[h+1] = p.cs.DriverChainState()
	}
}

// Step applies one event and returns its outputs.
func (p *Process) Step(e *Event) ([]Output, error) {
	p.out, p.getValue, p.failure = nil, e.Value, nil
	switch e.Kind {
	case "StartHeight":
		if e.Height != p.started+1 || p.committed != p.started {
			return nil, fmt.Errorf("StartHeight(%d) is not enabled: the process started height %d and committed height %d", e.Height, p.started, p.committed)
		}
		p.started = e.Height
		// The end of timeout_commit (or, at the first height, of the wait for genesis).
		p.cs.DriverHandleTimeout(e.Height, 0, cstypes.RoundStepNewHeight)
		p.drain()
	case "Deliver":
		if err := p.deliver(e.Msg); err != nil {
			return nil, err
		}
	case "Timeout":
		step := map[string]cstypes.RoundStepType{"propose": cstypes.RoundStepPropose,
			"prevote": cstypes.RoundStepPrevoteWait, "precommit": cstypes.RoundStepPrecommitWait}[e.Timeout]
		p.cs.DriverHandleTimeout(e.Height, e.Round, step)
		p.drain()
	}
	if p.failure != nil {
		return nil, p.failure
	}
	out := p.out[:0:0]
	for _, o := range p.out {
		if o["kind"] == "scheduleTimeout" && o["timeout"] == "propose" &&
			p.proposed[[2]int64{o["height"].(int64), int64(o["round"].(int32))}] {
			continue
		}
		out = append(out, o)
	}
	return out, nil
}

func (p *Process) deliver(m *Msg) error {
	src := p.t.byName[m.Src]
	if src == nil {
		p.out = append(p.out, Output{"kind": "rejected", "reason": "unknown-sender", "msg": m.json()})
		return nil
	}
	if m.Height > p.cs.Height {
		p.future = append(p.future, m)
		return nil
	}
	st, ok := p.states[m.Height]
	if !ok {
		p.out = append(p.out, Output{"kind": "rejected", "reason": "height-not-reached", "msg": m.json()})
		return nil
	}
	switch m.Type {
	case "PROPOSAL":
		b, err := p.t.block(st, m.Height, m.Value)
		if err != nil {
			return err
		}
		prop := &types.Proposal{Type: cmtproto.ProposalType, Height: m.Height, Round: m.Round, POLRound: m.ValidRound,
			BlockID: b.ID, Timestamp: stamp(m.Height)}
		sig, err := src.Priv.Sign(types.ProposalSignBytes(chainID, prop.ToProto()))
		if err != nil {
			return err
		}
		prop.Signature = sig
		p.handle(&consensus.ProposalMessage{Proposal: prop}, m.Src)
		p.parts(b, m.Height, m.Round, m.Src)
	case "PREVOTE", "PRECOMMIT":
		typ := cmtproto.PrevoteType
		if m.Type == "PRECOMMIT" {
			typ = cmtproto.PrecommitType
		}
		v, err := p.vote(typ, src, st, m.Height, m.Round, m.Value)
		if err != nil {
			return err
		}
		p.handle(&consensus.VoteMessage{Vote: v}, m.Src)
	case "COMMIT":
		for _, s := range m.Cert {
			k := p.t.byName[s]
			if k == nil {
				p.out = append(p.out, Output{"kind": "rejected", "reason": "unknown-signer", "msg": m.json()})
				return nil
			}
			v, err := p.vote(cmtproto.PrecommitType, k, st, m.Height, m.Round, m.Value)
			if err != nil {
				return err
			}
			p.handle(&consensus.VoteMessage{Vote: v}, m.Src)
		}
		b, err := p.t.block(st, m.Height, m.Value)
		if err != nil {
			return err
		}
		p.parts(b, m.Height, m.Round, m.Src)
	}
	return nil
}

func (p *Process) parts(b *Block, h int64, r int32, peer string) {
	for i := 0; i < int(b.Parts.Total()); i++ {
		p.handle(&consensus.BlockPartMessage{Height: h, Round: r, Part: b.Parts.GetPart(i)}, peer)
	}
}

func (p *Process) vote(typ cmtproto.SignedMsgType, k *Key, st sm.State, h int64, r int32, value string) (*types.Vote, error) {
	var id types.BlockID
	if value != "nil" {
		b, err := p.t.block(st, h, value)
		if err != nil {
			return nil, err
		}
		id = b.ID
	}
	idx, _ := st.Validators.GetByAddress(k.Addr)
	v := &types.Vote{Type: typ, Height: h, Round: r, BlockID: id, Timestamp: stamp(h), ValidatorAddress: k.Addr, ValidatorIndex: idx}
	sig, err := k.Priv.Sign(types.VoteSignBytes(chainID, v.ToProto()))
	if err != nil {
		return nil, err
	}
	v.Signature = sig
	return v, nil
}

var steps = map[cstypes.RoundStepType]string{
	cstypes.RoundStepNewHeight: "propose", cstypes.RoundStepNewRound: "propose", cstypes.RoundStepPropose: "propose",
	cstypes.RoundStepPrevote: "prevote", cstypes.RoundStepPrevoteWait: "prevote",
	cstypes.RoundStepPrecommit: "precommit", cstypes.RoundStepPrecommitWait: "precommit",
	cstypes.RoundStepCommit: "precommit", // +2/3 precommits without the block: not decided yet
}

// Projection maps the engine's RoundState onto the contract's projection.
func (p *Process) Projection() Projection {
	pr := Projection{Height: 0, Round: 0, Step: "commit", LockedValue: "none", LockedRound: -1,
		ValidValue: "none", ValidRound: -1, Decisions: p.decisions}
	cs := p.cs
	switch {
	case cs.Step == cstypes.RoundStepNewHeight && p.committed == 0: // waiting for genesis: "height 0 is committed"
	case cs.Step == cstypes.RoundStepNewHeight: // committed, in timeout_commit until StartHeight(h+1)
		pr.Height, pr.Round = p.committed, p.snap.round
		pr.LockedValue, pr.LockedRound, pr.ValidValue, pr.ValidRound = p.snap.locked, p.snap.lockedRd, p.snap.valid, p.snap.validRd
		if pr.LockedValue == "none" {
			pr.LockedRound = -1
		}
		if pr.ValidValue == "none" {
			pr.ValidRound = -1
		}
	default:
		pr.Height, pr.Round, pr.Step = cs.Height, cs.Round, steps[cs.Step]
		if cs.LockedBlock != nil {
			pr.LockedValue, pr.LockedRound = p.blockValue(cs.LockedBlock), cs.LockedRound
		}
		if cs.ValidBlock != nil {
			pr.ValidValue, pr.ValidRound = p.blockValue(cs.ValidBlock), cs.ValidRound
		}
	}
	return pr
}
