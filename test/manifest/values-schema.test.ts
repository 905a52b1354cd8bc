import {expect} from 'chai'
import {parseYamlDocuments, type Json} from '../../src/lib/manifest/goyaml.js'
import {checkValues, valuesSchemaFromProto, type ValuesSchema} from '../../src/lib/manifest/values-schema.js'
import {VALUES_SCHEMA} from '../../src/lib/manifest/values-schema.gen.js'
import {makeTree} from '../../src/lib/manifest/values.js'
import {VALUE_TYPE_CASES} from './values-types-cases.js'

/** The YAML text of one value, read as `-f` files are. */
const yamlValue = (text: string): Json => (parseYamlDocuments(`v: ${text}\n`)[0] as {v: Json}).v

describe('manifest values schema: value types as istioctl decodes them', () => {
  it('accepts and refuses each value of the istioctl-checked table, naming the field', () => {
    for (const c of VALUE_TYPE_CASES) {
      const values = makeTree(yamlValue(c.yaml), ...c.path.split('.'))
      const got = checkValues(VALUES_SCHEMA, values).map((p) => p.message)
      const label = `${c.path}: ${c.yaml}`
      if (c.ok) expect(got, label).to.deep.equal([])
      else {
        expect(got, label).to.have.length(1)
        expect(got[0], label).to.match(
          new RegExp(`^invalid value for values\\.${c.path.replace(/\./g, '\\.')}\\S*: `),
        )
        expect(got[0]!.endsWith(`: ${c.want}`), `${label}: ${got[0]}`).to.equal(true)
      }
    }
  })
})

describe('manifest values schema: the proto reader', () => {
  // A small proto3 file with each construct values_types.proto uses (and a few it could).
  const PROTO = `syntax = "proto3";
// A line comment: message LineHidden { string x = 1; }
package istio.operator.v1alpha1;
import "google/protobuf/wrappers.proto";
option go_package = "istio.io/istio/operator/pkg/apis";
/* A block comment over lines:
   message BlockHidden { string y = 1; } */
message Values {
  option (gogoproto.goproto_getters) = false;
  reserved 9, 10;
  reserved "old_field";
  extensions 100 to 199;
  string plain_name = 1;
  repeated string list_field = 2;
  optional int32 opt_field = 3;
  map<string, Inner> inner_map = 4;
  map< string , string > str_map = 5;
  Inner inner = 6 [json_name = "in-ner"];
  Inner.Nested deep = 7 [deprecated = true];
  Mode mode = 8;
  oneof choice {
    string one_a = 11;
    Inner one_b = 12;
  }
  IntOrString ios = 13;
  some.pkg.Unknown unknown = 14;
  string // a comment between a field's type and name
    split_field = 15;
  bool /* inline */ flag = 16; /* and a second block comment on the line */
  repeated google.protobuf.Struct structs = 17;
  map<string, Mode> modes = 18;

  message Inner {
    uint64 big = 1;
    enum Level {
      option allow_alias = true;
      LOW = 0;
      HIGH = 1 [deprecated = true];
      UP = 1;
    }
    Level level = 2;
    message Nested {
      fixed64 f = 1;
    }
  }
  enum Mode {
    A = 0;
    B = 1;
  }
}
message IntOrString {
  int64 type = 1;
}
`

  it('reads messages, fields, names, types, lists, maps and enums', () => {
    const s = valuesSchemaFromProto(PROTO)
    expect(s.root).to.equal('Values')
    expect(Object.keys(s.messages).sort()).to.deep.equal(['Inner', 'IntOrString', 'Nested', 'Values'])
    expect(s.messages.Values).to.deep.equal({
      plain_name: {json: 'plainName', type: 'string'},
      list_field: {json: 'listField', type: 'string', repeated: true},
      opt_field: {json: 'optField', type: 'int32'},
      inner_map: {json: 'innerMap', type: 'msg:Inner', map: true},
      str_map: {json: 'strMap', type: 'string', map: true},
      inner: {json: 'in-ner', type: 'msg:Inner'},
      deep: {json: 'deep', type: 'msg:Nested'},
      mode: {json: 'mode', type: 'enum:Mode'},
      one_a: {json: 'oneA', type: 'string'},
      one_b: {json: 'oneB', type: 'msg:Inner'},
      ios: {json: 'ios', type: 'intOrString'},
      unknown: {json: 'unknown', type: 'any'},
      split_field: {json: 'splitField', type: 'string'},
      flag: {json: 'flag', type: 'bool'},
      structs: {json: 'structs', type: 'object', repeated: true},
      modes: {json: 'modes', type: 'enum:Mode', map: true},
    })
    expect(s.messages.Inner).to.deep.equal({
      big: {json: 'big', type: 'uint64'},
      level: {json: 'level', type: 'enum:Level'},
    })
    expect(s.messages.Nested).to.deep.equal({f: {json: 'f', type: 'uint64'}})
    expect(s.messages.IntOrString).to.deep.equal({type: {json: 'type', type: 'int64'}})
    // option lines are no values; an alias is a name of its own
    expect(s.enums).to.deep.equal({Level: ['LOW', 'HIGH', 'UP'], Mode: ['A', 'B']})
  })

  it('takes a root message name', () => {
    expect(valuesSchemaFromProto('message Top { string a = 1; }', 'Top')).to.deep.equal({
      root: 'Top',
      messages: {Top: {a: {json: 'a', type: 'string'}}},
      enums: {},
    })
    expect(valuesSchemaFromProto('')).to.deep.equal({root: 'Values', messages: {}, enums: {}})
  })

  it('maps each proto scalar and well-known type as jsonpb decodes it', () => {
    const types: Record<string, string> = {
      string: 'string',
      bytes: 'string',
      bool: 'bool',
      int32: 'int32',
      sint32: 'int32',
      sfixed32: 'int32',
      int64: 'int64',
      sint64: 'int64',
      sfixed64: 'int64',
      uint32: 'uint32',
      fixed32: 'uint32',
      uint64: 'uint64',
      fixed64: 'uint64',
      float: 'float',
      double: 'double',
      'google.protobuf.BoolValue': 'bool',
      'google.protobuf.StringValue': 'string',
      'google.protobuf.BytesValue': 'string',
      'google.protobuf.Int32Value': 'int32',
      'google.protobuf.Int64Value': 'int64',
      'google.protobuf.UInt32Value': 'uint32',
      'google.protobuf.UInt64Value': 'uint64',
      'google.protobuf.FloatValue': 'float',
      'google.protobuf.DoubleValue': 'double',
      'google.protobuf.Duration': 'duration',
      'google.protobuf.Struct': 'object',
      'google.protobuf.Value': 'any',
      'google.protobuf.Any': 'any',
      // not a scalar, and no message or enum of the file: anything goes
      toString: 'any',
      'google.protobuf.Timestamp': 'any',
    }
    const fields = Object.keys(types).map((t, i) => `  ${t} f${i} = ${i + 1};`)
    const s = valuesSchemaFromProto(`message Values {\n${fields.join('\n')}\n}`)
    const got = Object.fromEntries(Object.keys(types).map((t, i) => [t, s.messages.Values![`f${i}`]!.type]))
    expect(got).to.deep.equal(types)
  })

  it('ignores what is not a field: enums and oneofs outside a message, and incomplete declarations', () => {
    const s = valuesSchemaFromProto(
      'oneof stray { string a = 1; }\nenum E { X = 0; }\nmessage M { string incomplete; string ok = 2; map<string> bad = 3; }',
    )
    expect(s.messages).to.deep.equal({
      M: {ok: {json: 'ok', type: 'string'}, bad: {json: 'bad', type: 'any', map: true}},
    })
    expect(s.enums).to.deep.equal({E: ['X']})
  })
})

describe('manifest values schema: checks by type', () => {
  // Types Istio's values do not use (uint64, float), and how lists, maps and messages are walked.
  const schema: ValuesSchema = valuesSchemaFromProto(`message Values {
  uint64 big = 1;
  float small = 2;
  repeated int32 nums = 3;
  map<string, Sub> subs = 4;
  Sub sub = 5 [json_name = "theSub"];
  repeated Sub sub_list = 6;
  google.protobuf.Value anything = 7;
}
message Sub { string name = 1; Level level = 2; }
enum Level { LOW = 0; }
`)
  const msgs = (v: Json) => checkValues(schema, v, 'v').map((p) => `${p.path}|${p.message}`)

  it('checks uint64 and float (32-bit) ranges', () => {
    expect(msgs({big: '18446744073709551615', small: 3.4e38})).to.deep.equal([])
    expect(msgs({big: '18446744073709551616', small: 3.5e38})).to.deep.equal([
      'v.big|invalid value for v.big: expected an unsigned integer (uint64), got string',
      'v.small|invalid value for v.small: expected a number (float32), got number',
    ])
    expect(msgs({small: '-3.5e38'})).to.deep.equal([
      'v.small|invalid value for v.small: expected a number (float32), got string',
    ])
  })

  it('walks lists, maps and messages by proto or JSON name, and names unknown fields', () => {
    expect(
      msgs({nums: [1, null, '2'], subs: {a: {name: 'x'}, b: null}, sub: null, anything: [1, {a: true}]}),
    ).to.deep.equal([])
    expect(
      msgs({
        nums: [1, 'x'],
        subs: {a: {nmae: 'x'}, b: 3},
        theSub: {level: 'HIGH'},
        sub_list: [{name: 1}],
        subList: {},
        theSbu: 1,
        zzzzzz: 1,
      }),
    ).to.deep.equal([
      'v.nums[1]|invalid value for v.nums[1]: expected an integer (int32), got string',
      'v.subs.a.nmae|unknown field v.subs.a.nmae; did you mean v.subs.a.name?',
      'v.subs.b|invalid value for v.subs.b: expected an object, got number',
      'v.theSub.level|invalid value for v.theSub.level: "HIGH" is not one of LOW',
      'v.sub_list[0].name|invalid value for v.sub_list[0].name: expected a string, got number',
      'v.subList|invalid value for v.subList: expected a list, got object',
      'v.theSbu|unknown field v.theSbu; did you mean v.theSub?', // suggestions are JSON names
      'v.zzzzzz|unknown field v.zzzzzz',
    ])
    expect(msgs({subs: []})).to.deep.equal(['v.subs|invalid value for v.subs: expected an object, got list'])
    expect(msgs(null)).to.deep.equal([])
    expect(msgs([])).to.deep.equal(['v|invalid value for v: expected an object, got list'])
    // the default prefix
    expect(checkValues(schema, {big: -1})[0]?.path).to.equal('values.big')
  })
})
