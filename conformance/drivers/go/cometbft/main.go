// cometbft-driver: CometBFT v0.38.26's consensus.State (github.com/cometbft/cometbft from
// the Go module proxy) behind hybrid-bft's driver protocol (docs/driver-protocol.md): JSON
// lines on stdin and stdout, one answer per request, in order. Only the consensus half:
// the vector ops answer unknown-op. Build (from the repository root) and run:
//
//	node conformance/drivers/go/cometbft/build.mjs
//	npx hybrid-bft oracle --driver conformance/drivers/go/cometbft/bin/cometbft-driver
//
// See docs/peers/cometbft.md.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
)

const protocol = "hybrid-bft-driver/1"
const name = "CometBFT 0.38.26 consensus.State (github.com/cometbft/cometbft, conformance/drivers/go/cometbft)"

type session struct {
	procs map[string]*Process
}

func refusal(id any, code, detail string) map[string]any {
	return map[string]any{"id": id, "ok": false, "error": code, "detail": detail}
}

func hello(id any) map[string]any {
	return map[string]any{"id": id, "ok": true, "protocol": protocol, "name": name,
		"ops": []string{"hello", "consensus.reset", "consensus.step"},
		// What the driver follows (docs/peers/cometbft.md, "Conventions").
		"conventions": map[string]any{"proposer": []string{"round-robin", "proposer-priority"},
			"votingPower": []string{"equal", "weighted"}, "ownMessages": "counted-at-once",
			"getValue": "within-step", "firstHeight": 1},
		// Requests are read line by line and answered in order, each flushed at once.
		"pipeline": true}
}

func (s *session) closeAll() {
	for _, p := range s.procs {
		p.close()
	}
	s.procs = nil
}

func (s *session) reset(id any, req map[string]json.RawMessage) map[string]any {
	bad := func(e error) map[string]any { return refusal(id, "bad-request", e.Error()) }
	validators, err := strs(req["validators"], "validators")
	if err != nil {
		return bad(err)
	}
	correct, err := strs(req["correct"], "correct")
	if err != nil {
		return bad(err)
	}
	validValues, err := strs(req["validValues"], "validValues")
	if err != nil {
		return bad(err)
	}
	maxRound, err := integer(req["maxRound"], "maxRound")
	if err != nil {
		return bad(err)
	}
	maxHeight, err := integer(req["maxHeight"], "maxHeight")
	if err != nil {
		return bad(err)
	}
	if len(validators) == 0 {
		return bad(fmt.Errorf("validators: expected at least one validator"))
	}
	seen := map[string]bool{}
	for _, v := range validators {
		if seen[v] {
			return bad(fmt.Errorf("validators: %s is listed twice", v))
		}
		seen[v] = true
	}
	for _, c := range correct {
		if !seen[c] {
			return bad(fmt.Errorf("correct: %s is not among the validators", c))
		}
	}
	power := make([]int64, len(validators))
	equal := true
	for i, v := range validators {
		power[i] = 1
		if raw, ok := req["power"]; ok {
			var pw map[string]json.RawMessage
			if json.Unmarshal(raw, &pw) != nil {
				return bad(fmt.Errorf("power: expected an object of validator -> positive integer"))
			}
			if power[i], err = integer(pw[v], "power."+v); err != nil || power[i] < 1 {
				return bad(fmt.Errorf("power.%s: expected a positive integer", v))
			}
			equal = equal && power[i] == power[0]
		}
	}
	priority := false
	if raw, ok := req["proposer"]; ok {
		var kind string
		if json.Unmarshal(raw, &kind) != nil || kind != "proposer-priority" {
			return bad(fmt.Errorf("proposer: this driver follows \"round-robin\" and \"proposer-priority\" only, got %s", raw))
		}
		priority = true
	}
	for _, f := range []string{"firstHeight", "getValue", "ownMessages"} {
		if raw, ok := req[f]; ok {
			return bad(fmt.Errorf("%s: this driver follows the contract's value only, got %s", f, raw))
		}
	}
	t, err := newTrace(validators, power, validValues)
	if err != nil {
		return bad(err)
	}
	if !priority && !equal {
		if msg := roundRobinCheck(t, validators, maxHeight, maxRound); msg != "" {
			return refusal(id, "unsupported", msg)
		}
	}
	s.closeAll()
	s.procs = map[string]*Process{}
	proj := map[string]any{}
	for _, c := range correct {
		p, err := newProcess(t, c)
		if err != nil {
			return refusal(id, "failed", err.Error())
		}
		s.procs[c] = p
		proj[c] = p.Projection().json()
	}
	return map[string]any{"id": id, "ok": true, "projections": proj}
}

// roundRobinCheck: under unequal power the engine's proposer is its priority, which a
// round-robin trace can be judged by only where the two agree. Rounds above 0 are
// refused (the engine increments priorities once per round skip, however many rounds
// it skips, so its proposer of a later round depends on the path); heights are checked.
func roundRobinCheck(t *Trace, validators []string, maxHeight, maxRound int64) string {
	if maxRound > 0 {
		return fmt.Sprintf("a round-robin trace with unequal voting power that reaches round %d: the engine's proposer is its proposer priority, not round-robin", maxRound)
	}
	vals := t.genesis.Validators.Copy()
	for h := int64(1); h <= maxHeight; h++ {
		want := validators[(h-1)%int64(len(validators))]
		if got := t.byAddr[string(vals.GetProposer().Address)].Name; got != want {
			return fmt.Sprintf("a round-robin trace with unequal voting power: the engine's proposer of (%d, 0) is %s by proposer priority, round-robin's is %s", h, got, want)
		}
		vals.IncrementProposerPriority(1)
	}
	return ""
}

func (s *session) step(id any, req map[string]json.RawMessage) (ans map[string]any) {
	if s.procs == nil {
		return refusal(id, "bad-request", "consensus.step before consensus.reset")
	}
	pname, err := str(req["process"], "process")
	if err != nil {
		return refusal(id, "bad-request", err.Error())
	}
	e, err := readEvent(req["event"])
	if err != nil {
		return refusal(id, "bad-request", err.Error())
	}
	p := s.procs[pname]
	if p == nil {
		return refusal(id, "bad-request", fmt.Sprintf("process %q is not a correct process of this reset", pname))
	}
	defer func() {
		if r := recover(); r != nil {
			delete(s.procs, pname) // its state is no longer trustworthy: the trace ends here
			ans = refusal(id, "failed", fmt.Sprintf("the engine panicked: %v\n%s", r, debug.Stack()))
		}
	}()
	out, err := p.Step(e)
	if err != nil {
		return refusal(id, "failed", err.Error())
	}
	if out == nil {
		out = []Output{}
	}
	return map[string]any{"id": id, "ok": true, "projection": p.Projection().json(), "outputs": out}
}

func (s *session) answer(line []byte) map[string]any {
	var req map[string]json.RawMessage
	if err := json.Unmarshal(line, &req); err != nil {
		return refusal(nil, "bad-request", "not JSON: "+err.Error())
	}
	var id any
	var n int64
	if err := json.Unmarshal(req["id"], &n); err != nil {
		return refusal(nil, "bad-request", "a request is a JSON object with an integer 'id' and a string 'op'")
	}
	id = n
	op, err := str(req["op"], "op")
	if err != nil {
		return refusal(id, "bad-request", "missing string field 'op'")
	}
	switch op {
	case "hello":
		return hello(id)
	case "consensus.reset":
		return s.reset(id, req)
	case "consensus.step":
		return s.step(id, req)
	}
	return refusal(id, "unknown-op", fmt.Sprintf("unknown op %q (this driver serves hello, consensus.reset, consensus.step)", op))
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	s := &session{}
	for in.Scan() {
		line := in.Bytes()
		if len(line) == 0 {
			continue
		}
		b, err := json.Marshal(s.answer(line))
		if err != nil {
			b, _ = json.Marshal(refusal(nil, "failed", err.Error()))
		}
		out.Write(b)
		out.WriteByte('\n')
		if out.Flush() != nil {
			break
		}
	}
	s.closeAll()
}
