// sdkgen writes the Node.js, Go and Python SDKs of a Pulumi package from its schema.
//
//	sdkgen -schema schema.json -out sdk -sdk-version 3.274.1
//
// `pulumi package gen-sdk` asks a language host to generate Node.js and Go code, and those
// hosts cannot be built here, so this program calls the generators in pulumi/pkg/v3 directly.
// It is built by scripts/build-sdkgen.sh in a wrapper module (it has no go.mod of its own).
//
// Each of OUT/nodejs, OUT/go and OUT/python is removed and rewritten. The Go generator writes
// no go.mod (the language host normally does), so OUT/go/go.mod is written here; run
// `go mod tidy` in OUT/go afterwards to complete it and write go.sum.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
)

const tool = "panorama-import-gate-sdkgen"

// noLoader refuses every load: the schema references no other package, so binding and
// generating must never need one. An error here means the schema grew such a reference.
type noLoader struct{}

var errNoLoader = errors.New("sdkgen: the schema references another package; sdkgen loads none")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoLoader
}

func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoLoader
}

func (noLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoLoader
}

func (noLoader) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoLoader
}

// bind parses and binds the schema. Each generator gets a freshly bound package, because
// the generators record their language info on it.
func bind(raw []byte) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("parsing the schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "sdkgen: schema: %s\n", d.Error())
	}
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, errors.New("binding the schema: the schema has errors (above)")
	}
	return pkg, nil
}

// goMod is the module file for the Go SDK: the module is the folder above the root package
// (importBasePath without its last element), and it needs only the Pulumi Go SDK.
func goMod(pkg *schema.Package, sdkVersion string) ([]byte, error) {
	info, _ := pkg.Language["go"].(gogen.GoPackageInfo)
	if info.ImportBasePath == "" {
		return nil, errors.New("the schema's language.go.importBasePath is not set")
	}
	module := path.Dir(info.ImportBasePath)
	text := fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n", module, sdkVersion)
	return []byte(text), nil
}

type generator func(pkg *schema.Package) (map[string][]byte, error)

func generators(sdkVersion string) map[string]generator {
	return map[string]generator{
		"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
		},
		"go": func(pkg *schema.Package) (map[string][]byte, error) {
			files, err := gogen.GeneratePackage(tool, pkg, nil)
			if err != nil {
				return nil, err
			}
			if _, ok := files["go.mod"]; !ok {
				if files["go.mod"], err = goMod(pkg, sdkVersion); err != nil {
					return nil, err
				}
			}
			return files, nil
		},
		"python": func(pkg *schema.Package) (map[string][]byte, error) {
			return python.GeneratePackage(tool, pkg, nil, noLoader{})
		},
	}
}

// write replaces dir with exactly the given files.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run() error {
	schemaPath := flag.String("schema", "schema.json", "the package schema (JSON)")
	out := flag.String("out", "sdk", "the folder that receives nodejs/, go/ and python/")
	sdkVersion := flag.String("sdk-version", "", "the github.com/pulumi/pulumi/sdk/v3 version the Go SDK requires, e.g. 3.274.1")
	flag.Parse()
	if *sdkVersion == "" {
		return errors.New("-sdk-version is required")
	}
	raw, err := os.ReadFile(*schemaPath)
	if err != nil {
		return err
	}
	gens := generators(*sdkVersion)
	for _, language := range []string{"nodejs", "go", "python"} {
		pkg, err := bind(raw)
		if err != nil {
			return err
		}
		files, err := gens[language](pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", language, err)
		}
		if err := write(filepath.Join(*out, language), files); err != nil {
			return fmt.Errorf("writing the %s SDK: %w", language, err)
		}
		fmt.Fprintf(os.Stderr, "sdkgen: %s: %d files\n", language, len(files))
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}
