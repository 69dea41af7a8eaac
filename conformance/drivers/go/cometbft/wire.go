// The driver protocol's JSON shapes (docs/driver-protocol.md, "JSON shapes"): messages,
// events, outputs and the projection, read strictly (a missing or unknown field, or a
// wrong type, is an error naming the field).
package main

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Msg is the contract's one message shape for all types.
type Msg struct {
	Type       string   `json:"type"`
	Src        string   `json:"src"`
	Height     int64    `json:"height"`
	Round      int32    `json:"round"`
	Value      string   `json:"value"`
	ValidRound int32    `json:"validRound"`
	Cert       []string `json:"cert"`
}

// Event is the contract's event record (without p, which is the request's process).
type Event struct {
	Kind    string `json:"kind"`
	Height  int64  `json:"height"`
	Round   int32  `json:"round"`
	Timeout string `json:"timeout"`
	Value   string `json:"value"`
	Msg     *Msg   `json:"msg"`
}

// Output is one output record; fields not used by its kind are omitted.
type Output map[string]any

func broadcast(m Msg) Output { return Output{"kind": "broadcast", "msg": m.json()} }

func (m Msg) json() map[string]any {
	cert := m.Cert
	if cert == nil {
		cert = []string{}
	}
	return map[string]any{"type": m.Type, "src": m.Src, "height": m.Height, "round": m.Round,
		"value": m.Value, "validRound": m.ValidRound, "cert": cert}
}

// Decision is one entry of the projection's decisions.
type Decision struct {
	Value string
	Round int32
	Cert  []string
}

// Projection is the contract's projection of a process state.
type Projection struct {
	Height      int64
	Round       int32
	Step        string
	LockedValue string
	LockedRound int32
	ValidValue  string
	ValidRound  int32
	Decisions   map[int64]Decision
}

func (p Projection) json() map[string]any {
	d := map[string]any{}
	for h, x := range p.Decisions {
		cert := append([]string{}, x.Cert...)
		sort.Strings(cert)
		d[fmt.Sprint(h)] = map[string]any{"value": x.Value, "round": x.Round, "cert": cert}
	}
	return map[string]any{"height": p.Height, "round": p.Round, "step": p.Step,
		"lockedValue": p.LockedValue, "lockedRound": p.LockedRound,
		"validValue": p.ValidValue, "validRound": p.ValidRound, "decisions": d}
}

// fields reads a JSON object and checks that it has exactly the given fields.
func fields(raw json.RawMessage, what string, want ...string) (map[string]json.RawMessage, error) {
	var o map[string]json.RawMessage
	if err := json.Unmarshal(raw, &o); err != nil || o == nil {
		return nil, fmt.Errorf("%s: expected an object", what)
	}
	for _, f := range want {
		if _, ok := o[f]; !ok {
			return nil, fmt.Errorf("%s.%s: missing", what, f)
		}
	}
	if len(o) != len(want) {
		for k := range o {
			known := false
			for _, f := range want {
				known = known || f == k
			}
			if !known {
				return nil, fmt.Errorf("%s.%s: unknown field", what, k)
			}
		}
	}
	return o, nil
}

func str(raw json.RawMessage, what string) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: expected a string", what)
	}
	return s, nil
}

func integer(raw json.RawMessage, what string) (int64, error) {
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || f != float64(int64(f)) {
		return 0, fmt.Errorf("%s: expected an integer", what)
	}
	return int64(f), nil
}

func strs(raw json.RawMessage, what string) ([]string, error) {
	var s []string
	if err := json.Unmarshal(raw, &s); err != nil || s == nil {
		return nil, fmt.Errorf("%s: expected an array of strings", what)
	}
	return s, nil
}

var msgTypes = map[string]bool{"PROPOSAL": true, "PREVOTE": true, "PRECOMMIT": true, "COMMIT": true}

func readMsg(raw json.RawMessage, what string) (*Msg, error) {
	o, err := fields(raw, what, "type", "src", "height", "round", "value", "validRound", "cert")
	if err != nil {
		return nil, err
	}
	m := &Msg{}
	if m.Type, err = str(o["type"], what+".type"); err != nil {
		return nil, err
	}
	if !msgTypes[m.Type] {
		return nil, fmt.Errorf("%s.type: unknown message type %q", what, m.Type)
	}
	if m.Src, err = str(o["src"], what+".src"); err != nil {
		return nil, err
	}
	if m.Height, err = integer(o["height"], what+".height"); err != nil {
		return nil, err
	}
	r, err := integer(o["round"], what+".round")
	if err != nil {
		return nil, err
	}
	vr, err := integer(o["validRound"], what+".validRound")
	if err != nil {
		return nil, err
	}
	m.Round, m.ValidRound = int32(r), int32(vr)
	if m.Value, err = str(o["value"], what+".value"); err != nil {
		return nil, err
	}
	if m.Cert, err = strs(o["cert"], what+".cert"); err != nil {
		return nil, err
	}
	return m, nil
}

var timeoutKinds = map[string]bool{"propose": true, "prevote": true, "precommit": true}

func readEvent(raw json.RawMessage) (*Event, error) {
	var k struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, fmt.Errorf("event: expected an object with a string kind")
	}
	e := &Event{Kind: k.Kind}
	var o map[string]json.RawMessage
	var err error
	switch k.Kind {
	case "StartHeight":
		o, err = fields(raw, "event", "kind", "height", "value")
	case "Deliver":
		o, err = fields(raw, "event", "kind", "msg", "value")
	case "Timeout":
		o, err = fields(raw, "event", "kind", "timeout", "height", "round", "value")
	case "ProposeValue":
		return nil, fmt.Errorf("event.kind: ProposeValue is for getValue \"later-event\", which this driver does not declare")
	default:
		return nil, fmt.Errorf("event.kind: unknown event kind %q", k.Kind)
	}
	if err != nil {
		return nil, err
	}
	if e.Value, err = str(o["value"], "event.value"); err != nil {
		return nil, err
	}
	if h, ok := o["height"]; ok {
		if e.Height, err = integer(h, "event.height"); err != nil {
			return nil, err
		}
	}
	if r, ok := o["round"]; ok {
		x, err := integer(r, "event.round")
		if err != nil {
			return nil, err
		}
		e.Round = int32(x)
	}
	if t, ok := o["timeout"]; ok {
		if e.Timeout, err = str(t, "event.timeout"); err != nil {
			return nil, err
		}
		if !timeoutKinds[e.Timeout] {
			return nil, fmt.Errorf("event.timeout: unknown timeout %q", e.Timeout)
		}
	}
	if m, ok := o["msg"]; ok {
		if e.Msg, err = readMsg(m, "event.msg"); err != nil {
			return nil, err
		}
	}
	return e, nil
}
