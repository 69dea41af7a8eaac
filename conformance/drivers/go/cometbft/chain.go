// The chain around one correct process: genesis, an in-process ABCI application, the
// real block executor and stores, and the map between the trace's values and blocks.
//
// A value v at height h is one block, the same for every process and proposer: made by
// CometBFT's own State.MakeBlock from the chain state at h-1, with the single transaction
// v, the proposer address of the validator listed first, and (above the first height) a
// canonical last commit: a precommit of every validator for the block decided at h-1, in
// round 0, each signed with its key at time genesis + (h-1) s. A value's id is the
// block's hash. Validity is the application's: ProcessProposal accepts exactly the blocks
// whose one transaction is in the trace's validValues (paper: valid(v)).
package main

import (
	"context"
	"fmt"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/mempool"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/cometbft/cometbft/proxy"
	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/store"
	"github.com/cometbft/cometbft/types"
)

const chainID = "hybrid-bft"

var genesisTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// stamp is the time of every signature at height h: genesis + h s (block h+1's time is
// the median of height h's precommits, and must exceed block h's).
func stamp(h int64) time.Time { return genesisTime.Add(time.Duration(h) * time.Second) }

// app is the in-process application: one transaction per block, valid iff it is a valid
// value of the trace.
type app struct {
	abci.BaseApplication
	valid map[string]bool
}

func (a *app) PrepareProposal(_ context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	return &abci.ResponsePrepareProposal{Txs: req.Txs}, nil
}

func (a *app) ProcessProposal(_ context.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	if len(req.Txs) == 1 && a.valid[string(req.Txs[0])] {
		return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}, nil
	}
	return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
}

func (a *app) FinalizeBlock(_ context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	res := make([]*abci.ExecTxResult, len(req.Txs))
	for i := range res {
		res[i] = &abci.ExecTxResult{Code: abci.CodeTypeOK}
	}
	return &abci.ResponseFinalizeBlock{TxResults: res, AppHash: []byte("hybrid-bft")}, nil
}

// Trace is what the processes of one trace share: keys, genesis, and the value <-> block maps.
type Trace struct {
	keys    []*Key
	byName  map[string]*Key
	byAddr  map[string]*Key
	genesis sm.State
	valid   map[string]bool
	// blocks[h][v]: the block of value v at height h; values: block hash -> value.
	blocks map[int64]map[string]*Block
	values map[string]string
}

// Block is a value's block and its parts.
type Block struct {
	Value string
	Block *types.Block
	Parts *types.PartSet
	ID    types.BlockID
}

func newTrace(names []string, power []int64, validValues []string) (*Trace, error) {
	keys, err := deriveKeys(names)
	if err != nil {
		return nil, err
	}
	t := &Trace{keys: keys, byName: map[string]*Key{}, byAddr: map[string]*Key{}, valid: map[string]bool{},
		blocks: map[int64]map[string]*Block{}, values: map[string]string{}}
	doc := &types.GenesisDoc{GenesisTime: genesisTime, ChainID: chainID, InitialHeight: 1,
		ConsensusParams: types.DefaultConsensusParams()}
	for i, k := range keys {
		t.byName[k.Name] = k
		t.byAddr[string(k.Addr)] = k
		doc.Validators = append(doc.Validators, types.GenesisValidator{Address: k.Addr, PubKey: k.Priv.PubKey(), Power: power[i], Name: k.Name})
	}
	for _, v := range validValues {
		t.valid[v] = true
	}
	if t.genesis, err = sm.MakeGenesisState(doc); err != nil {
		return nil, err
	}
	return t, nil
}

// block is value v's block at height h, made from the chain state st at h-1 (the same
// state for every process that has reached h: they decided the same blocks).
func (t *Trace) block(st sm.State, h int64, v string) (*Block, error) {
	if b := t.blocks[h][v]; b != nil {
		return b, nil
	}
	if st.LastBlockHeight+1 != h {
		return nil, fmt.Errorf("no block for value %q at height %d: the chain state is at height %d", v, h, st.LastBlockHeight)
	}
	var last *types.Commit
	if h > st.InitialHeight {
		sigs := make([]types.CommitSig, 0, st.LastValidators.Size())
		for i, val := range st.LastValidators.Validators {
			k := t.byAddr[string(val.Address)]
			vote := &types.Vote{Type: cmtproto.PrecommitType, Height: h - 1, Round: 0, BlockID: st.LastBlockID,
				Timestamp: stamp(h - 1), ValidatorAddress: val.Address, ValidatorIndex: int32(i)}
			sig, err := k.Priv.Sign(types.VoteSignBytes(chainID, vote.ToProto()))
			if err != nil {
				return nil, err
			}
			sigs = append(sigs, types.CommitSig{BlockIDFlag: types.BlockIDFlagCommit, ValidatorAddress: val.Address,
				Timestamp: vote.Timestamp, Signature: sig})
		}
		last = &types.Commit{Height: h - 1, Round: 0, BlockID: st.LastBlockID, Signatures: sigs}
	} else {
		last = &types.Commit{}
	}
	blk, err := st.MakeBlock(h, []types.Tx{types.Tx(v)}, last, nil, t.keys[0].Addr)
	if err != nil {
		return nil, err
	}
	parts, err := blk.MakePartSet(types.BlockPartSizeBytes)
	if err != nil {
		return nil, err
	}
	b := &Block{Value: v, Block: blk, Parts: parts, ID: types.BlockID{Hash: blk.Hash(), PartSetHeader: parts.Header()}}
	if t.blocks[h] == nil {
		t.blocks[h] = map[string]*Block{}
	}
	t.blocks[h][v] = b
	t.values[string(b.ID.Hash)] = v
	return b, nil
}

// value is the value of a block hash ("nil" for the empty hash).
func (t *Trace) value(hash []byte) string {
	if len(hash) == 0 {
		return "nil"
	}
	if v, ok := t.values[string(hash)]; ok {
		return v
	}
	return fmt.Sprintf("unknown-block-%X", hash)
}

// node is the real machinery of one process: stores, application and block executor.
type node struct {
	stateStore sm.Store
	blockStore *store.BlockStore
	exec       *sm.BlockExecutor
	conns      proxy.AppConns
}

func newNode(t *Trace) (*node, error) {
	stateStore := sm.NewStore(dbm.NewMemDB(), sm.StoreOptions{DiscardABCIResponses: true})
	if err := stateStore.Save(t.genesis); err != nil {
		return nil, err
	}
	blockStore := store.NewBlockStore(dbm.NewMemDB())
	conns := proxy.NewAppConns(proxy.NewLocalClientCreator(&app{valid: t.valid}), proxy.NopMetrics())
	conns.SetLogger(log.NewNopLogger())
	if err := conns.Start(); err != nil {
		return nil, err
	}
	exec := sm.NewBlockExecutor(stateStore, log.NewNopLogger(), conns.Consensus(), &mempool.NopMempool{}, sm.EmptyEvidencePool{}, blockStore)
	return &node{stateStore: stateStore, blockStore: blockStore, exec: exec, conns: conns}, nil
}
