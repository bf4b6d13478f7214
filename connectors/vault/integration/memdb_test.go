package integration

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/hashicorp/vault/builtin/logical/database"
	"github.com/hashicorp/vault/sdk/database/dbplugin/v5"
	"github.com/hashicorp/vault/sdk/helper/consts"
	"github.com/hashicorp/vault/sdk/helper/pluginutil"
	"github.com/hashicorp/vault/sdk/logical"
)

// databaseFactory is Vault's real database secrets engine, whose database
// plugins are an in-memory stand-in: creating users and rotating a static
// role's password then succeed without a database server, so the estate's
// database roles and static roles exist as Vault stores them.
func databaseFactory(ctx context.Context, conf *logical.BackendConfig) (logical.Backend, error) {
	ext, _ := conf.System.(logical.ExtendedSystemView)
	conf.System = memSystemView{conf.System, ext}
	return database.Factory(ctx, conf)
}

// memSystemView answers plugin look-ups for database plugins with memDB;
// the rest is the core's own system view.
type memSystemView struct {
	logical.SystemView
	logical.ExtendedSystemView
}

func (v memSystemView) LookupPlugin(ctx context.Context, name string, typ consts.PluginType) (*pluginutil.PluginRunner, error) {
	return v.LookupPluginVersion(ctx, name, typ, "")
}

func (v memSystemView) LookupPluginVersion(ctx context.Context, name string, typ consts.PluginType, version string) (*pluginutil.PluginRunner, error) {
	if typ != consts.PluginTypeDatabase {
		return v.SystemView.LookupPluginVersion(ctx, name, typ, version)
	}
	return &pluginutil.PluginRunner{Name: name, Type: typ, Builtin: true,
		BuiltinFactory: func() (any, error) { return &memDB{}, nil }}, nil
}

// memDB is a database that accepts every user operation.
type memDB struct{ n atomic.Int64 }

func (*memDB) Initialize(_ context.Context, req dbplugin.InitializeRequest) (dbplugin.InitializeResponse, error) {
	return dbplugin.InitializeResponse{Config: req.Config}, nil
}

func (m *memDB) NewUser(context.Context, dbplugin.NewUserRequest) (dbplugin.NewUserResponse, error) {
	return dbplugin.NewUserResponse{Username: fmt.Sprintf("v-user-%d", m.n.Add(1))}, nil
}

func (*memDB) UpdateUser(context.Context, dbplugin.UpdateUserRequest) (dbplugin.UpdateUserResponse, error) {
	return dbplugin.UpdateUserResponse{}, nil
}

func (*memDB) DeleteUser(context.Context, dbplugin.DeleteUserRequest) (dbplugin.DeleteUserResponse, error) {
	return dbplugin.DeleteUserResponse{}, nil
}

func (*memDB) Type() (string, error) { return "memdb", nil }
func (*memDB) Close() error          { return nil }
