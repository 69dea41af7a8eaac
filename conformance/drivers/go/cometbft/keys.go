// Validator keys: one real ed25519 key per validator, derived deterministically from the
// validator's name and its place in the trace's validator list, so that CometBFT's
// address order (its tie-break, and under equal power its proposer order) is the list's
// order: the key of the i-th of n validators is the first of
// GenPrivKeyFromSecret(sha256("hybrid-bft/cometbft-driver/<name>/<i>/<n>/<k>")),
// k = 0, 1, …, whose address's first byte lies in [256·i/n, 256·(i+1)/n).
package main

import (
	"crypto/sha256"
	"fmt"

	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
)

// Key is one validator's key and identity.
type Key struct {
	Name  string
	Index int // place in the trace's validator list
	Priv  crypto.PrivKey
	Addr  crypto.Address
}

func deriveKeys(names []string) ([]*Key, error) {
	n := len(names)
	if n > 256 {
		return nil, fmt.Errorf("validators: at most 256 validators, got %d", n)
	}
	keys := make([]*Key, n)
	for i, name := range names {
		lo, hi := 256*i/n, 256*(i+1)/n
		for k := 0; ; k++ {
			seed := sha256.Sum256([]byte(fmt.Sprintf("hybrid-bft/cometbft-driver/%s/%d/%d/%d", name, i, n, k)))
			priv := ed25519.GenPrivKeyFromSecret(seed[:])
			addr := priv.PubKey().Address()
			if b := int(addr[0]); b >= lo && b < hi {
				keys[i] = &Key{Name: name, Index: i, Priv: priv, Addr: addr}
				break
			}
		}
	}
	return keys, nil
}
