# aurora-runtime.nix: the hand-written core of the aurora2nix job library.
#
# It uses only `builtins` (no nixpkgs) and works under
#   nix-instantiate --eval --strict --json --store dummy:// --option restrict-eval true -I <dir>
#
# The generated aurora-lib.nix declares every Aurora (pystachio) struct with it:
#
#   rt = import ./aurora-runtime.nix;  t = rt.types;
#   Resources = rt.mkStruct "Resources" {
#     cpu = { type = t.float; required = true; };
#     gpu = { type = t.integer; default = 0; };
#   };
#
# A constructor turns an attrset of field values into the attrset that
# `builtins.toJSON` prints as pystachio's `json_dumps()` would:
#   * every given field is type-checked and normalized by its type (a string
#     given to an Integer, Float or Boolean field is coerced as pystachio
#     coerces it: "3" is 3);
#   * every field with a `default` is present (the default is normalized too);
#   * a field without a default that is not given is absent (never null);
#   * unknown fields and missing `required` fields are errors.
# Constructors are idempotent: `C (C x) == C x`, so a struct-typed field can
# always run the constructor on whatever attrset it gets.
#
# Errors are `throw`s whose message starts with "aurora: " and names the path of
# the bad value, e.g. "aurora: MesosJob.task.processes[1].cmdline is required".
# The path is in the message itself, not in builtins.addErrorContext: in Nix
# 2.8 error contexts are only printed with --show-trace.
let
  inherit
    (builtins)
    all
    any
    attrNames
    concatMap
    concatStringsSep
    deepSeq
    elem
    elemAt
    filter
    foldl'
    fromJSON
    genList
    hasAttr
    head
    isAttrs
    isBool
    isFloat
    isFunction
    isInt
    isList
    isPath
    isString
    length
    listToAttrs
    map
    mapAttrs
    match
    removeAttrs
    split
    stringLength
    substring
    tail
    toJSON
    tryEval
    typeOf
    ;

  # ---------------------------------------------------------------- helpers

  # Attribute names that make Nix treat a whole attrset specially: toJSON
  # prints a set with `outPath` or `__toString` as a string (dropping every
  # other key), and a set with `__functor` is callable. They are never
  # allowed as Map keys or field names.
  reservedNames = ["outPath" "__toString" "__functor"];

  # Throw the standard error for the value at `path` (e.g. "Resources.cpu").
  fail = path: msg: throw "aurora: ${path}: ${msg}";

  # Quote a string for an error message (JSON escaping, cut after 80 chars).
  quote = s: let
    plain = builtins.unsafeDiscardStringContext s;
  in
    if stringLength plain > 80
    then toJSON (substring 0 77 plain + "...")
    else toJSON plain;

  # "a set with fields a, b" etc.: a short description of any value for
  # "expected X, got Y" messages. Never fails, whatever the value.
  describe = v:
    if isString v
    then "a string ${quote v}"
    else if isInt v
    then "an integer ${toString v}"
    else if isFloat v
    then "a float ${toJSON v}"
    else if isBool v
    then "a boolean ${
      if v
      then "true"
      else "false"
    }"
    else if v == null
    then "null"
    else if isList v
    then "a list of ${toString (length v)} element(s)"
    else if isFunction v
    then "a function"
    else if isPath v
    then "a path ${toString v}"
    else if isAttrs v
    then
      (
        if v ? __functor
        then "a callable set (a struct constructor that was never applied to its fields?)"
        else if v ? outPath
        then "a derivation or other set with outPath (interpolate it: \"\${...}\")"
        else if v ? __toString
        then "a set with __toString"
        else if v == {}
        then "an empty set"
        else "a set with fields ${concatStringsSep ", " (attrNames v)}"
      )
    else typeOf v;

  # A plain attrset of fields/entries, i.e. not one Nix would print or call
  # as something else (reservedNames, tested one by one: this runs on every struct value).
  isPlainSet = v: isAttrs v && !(v ? outPath || v ? __toString || v ? __functor);

  # ---------------------------------------------------------------- templates
  #
  # pystachio mustache syntax: "{{ref}}" where ref contains no braces.
  # "{{{x}}}" matches as "{" + "{{x}}" + "}", as in pystachio.
  mustacheRe = "[{][{]([^{}]+)[}][}]";

  # True if the string contains at least one "{{ref}}".
  # (builtins.match is not used: its "." does not match newlines.)
  isTemplate = v: isString v && length (split mustacheRe v) > 1;

  # Parse a pystachio ref such as "processes[0].name" into components
  #   [ { kind = "field"; key = "processes"; } { kind = "index"; key = "0"; } ... ]
  # or return null if it is not a valid ref (e.g. "4", "a-b", "a[]").
  parseRef = ref: let
    # A leading bare name is a field component, so write it as ".name".
    s =
      if substring 0 1 ref == "["
      then ref
      else ".${ref}";
    # split gives [ sep [comp] sep [comp] ... sep ]; every sep must be "".
    parts = split "([.][^].[]+|[[][^]]+[]])" s;
    comps = map head (filter isList parts);
    toComp = c: let
      body = substring 1 (stringLength c
        - (
          if substring 0 1 c == "["
          then 2
          else 1
        ))
      c;
    in
      if substring 0 1 c == "."
      then {
        kind = "field";
        key = body;
        ok = match "[A-Za-z_][A-Za-z0-9_]*" body != null;
      }
      else {
        kind = "index";
        key = body;
        ok = match "[A-Za-z0-9_./-]+" body != null;
      };
    parsed = map toComp comps;
  in
    if all (p: p == "") (filter isString parts) && parsed != [] && all (c: c.ok) parsed
    then parsed
    else null;

  # Follow parsed ref components from `scope`; null when a step is missing.
  # Attrsets (structs and maps) accept both ".key" and "[key]"; lists accept
  # "[n]" with n a decimal index in range.
  walkRef = scope: comps:
    foldl' (acc: c:
      if acc == null
      then null
      else if isAttrs acc
      then acc.${c.key} or null
      else if isList acc && c.kind == "index" && match "[0-9]+" c.key != null
      then let
        i = fromJSON (head (match "0*([0-9]+)" c.key)); # "007" -> 7
      in
        if i < length acc
        then elemAt acc i
        else null
      else null)
    scope
    comps;

  # Replace every "{{ref}}" in `str` that resolves against `scope` to a string
  # or an integer. Anything else (an unresolvable or invalid ref, or a ref to
  # a float, boolean, list or struct, whose pystachio rendering we do not
  # reproduce) stays literally "{{ref}}". Substituted text is not scanned
  # again. Strings without templates are returned as they are (split would
  # drop their string context).
  interpolate = scope: str: let
    resolve = ref: let
      comps = parseRef ref;
      v =
        if comps == null
        then null
        else walkRef scope comps;
    in
      if isString v
      then v
      else if isInt v
      then toString v
      else "{{${ref}}}";
  in
    if !isTemplate str
    then str
    else
      concatStringsSep "" (map (p:
        if isList p
        then resolve (head p)
        else p) (split mustacheRe str));

  # ---------------------------------------------------------------- coercion
  #
  # pystachio 0.8.5 coerces a string given to an Integer, Float or Boolean
  # field: int(s), float(s), or "true"/"1"/"false"/"0" in any case. These read
  # a string exactly as aurora2nix's evaluator does (`coerce` in
  # converter/pystachio/model.rs, with `parse_int` and `parse_float` of
  # converter/python/builtins.rs), blanks being ASCII ones. They only see a
  # string that is not a template: a value of the field's own type takes the
  # fast path before any of this runs.

  # Python's whitespace for int() and float() of a byte string: space, \t, \n,
  # \r, \v, \f.
  blanks = " \t\n\r" + fromJSON "\"\\u000b\\u000c\"";

  # pystachio's CoercionError, as aurora2nix's evaluator words it.
  cannotCoerce = path: s: typeName: fail path "Cannot coerce '${s}' to ${typeName}";

  # Python 2's int(s): blanks, an optional sign, blanks, ASCII digits, blanks
  # (leading zeros allowed). A decimal beyond 64 bits (the evaluator's limit,
  # for either sign) is an error of its own: Nix's fromJSON would wrap it.
  coerceInteger = path: s: let
    m = match "[${blanks}]*([+-]?)[${blanks}]*0*([0-9]+)[${blanks}]*" s;
    sign = elemAt m 0;
    digits = elemAt m 1;
    n = stringLength digits;
    trimmed = match "[${blanks}]*([+-]?[0-9]+)[${blanks}]*" s;
  in
    if m == null
    then cannotCoerce path s "Integer"
    else if n > 19 || (n == 19 && digits > "9223372036854775807")
    then
      (
        if trimmed == null
        then cannotCoerce path s "Integer"
        else fail path "the integer ${head trimmed} does not fit in 64 bits (the integer limit of Nix and of aurora2nix's evaluator)"
      )
    else if sign == "-"
    then 0 - fromJSON digits
    else fromJSON digits;

  # 2^1024 - 2^970, halfway between the largest double and 2^1024: a decimal at
  # least this large rounds to infinity.
  floatLimit = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

  # Python's float(s) of a decimal: blanks, an optional sign, digits with an
  # optional point (`1`, `1.`, `.5`), an optional exponent, blanks. It is
  # rewritten as a JSON number with a point (so fromJSON gives a float; a sign
  # "+" dropped, a missing side of the point written 0, no leading zeros).
  # Infinity and NaN, spelt out or reached by a value too large, have no
  # JSON or Nix value (and fromJSON of the latter would fail outright).
  coerceFloat = path: s: let
    m = match "[${blanks}]*([+-]?)([0-9]*)([.]([0-9]*))?([eE]([+-]?)0*([0-9]+))?[${blanks}]*" s;
    at = i: let
      g = elemAt m i;
    in
      if g == null
      then ""
      else g;
    whole = at 1;
    frac = at 3;
    expSign = at 5;
    expDigits = at 6;
    # The exponent as a number (one of more than 9 digits counts as a billion:
    # only its sign matters then).
    exponent = let
      e =
        if expDigits == ""
        then 0
        else if stringLength expDigits > 9
        then 1000000000
        else fromJSON expDigits;
    in
      if expSign == "-"
      then 0 - e
      else e;
    # The significant digits, and the decimal exponent of the first of them.
    significant = elemAt (match "0*([0-9]*)" (whole + frac)) 0;
    magnitude = stringLength significant - 1 + exponent - stringLength frac;
    # At magnitude 308, the integral part: the first 309 significant digits.
    first309 = let
      n = stringLength significant;
    in
      if n >= 309
      then substring 0 309 significant
      else significant + concatStringsSep "" (genList (_: "0") (309 - n));
    json =
      (
        if elemAt m 0 == "-"
        then "-"
        else ""
      )
      + (
        let
          w = elemAt (match "0*([0-9]*)" whole) 0;
        in
          if w == ""
          then "0"
          else w
      )
      + "."
      + (
        if frac == ""
        then "0"
        else frac
      )
      + (
        if expDigits == ""
        then ""
        else "e${expSign}${expDigits}"
      );
  in
    if m == null || whole + frac == ""
    then
      (
        if match "[${blanks}]*[+-]*([iI][nN][fF]([iI][nN][iI][tT][yY])?|[nN][aA][nN])[${blanks}]*" s != null
        then fail path "'${s}' is not a finite float: JSON and Nix have no infinity or NaN"
        else cannotCoerce path s "Float"
      )
    else if significant != "" && (magnitude > 308 || (magnitude == 308 && first309 >= floatLimit))
    then fail path "'${s}' is too large for a float: it would be infinity, which JSON and Nix do not have"
    else 1.0 * fromJSON json;

  # pystachio's Boolean of a string: "true" or "1", "false" or "0", in any case
  # and without blanks.
  coerceBoolean = path: s:
    if match "[tT][rR][uU][eE]|1" s != null
    then true
    else if match "[fF][aA][lL][sS][eE]|0" s != null
    then false
    else cannotCoerce path s "Boolean";

  # ---------------------------------------------------------------- types
  #
  # A type is an attrset:
  #   description  "a string", "one of file, console", "Resources", ... (for messages)
  #   normalize    path -> value -> value   check the value (throw on error) and
  #                                         return its JSON-ready form
  #   resolve      (string -> string) -> value -> value
  #                apply a template substitution to every string position of a
  #                (normalized) default; nested structs are left alone because
  #                their own constructor already resolved their defaults
  #   keyOk        string -> bool (optional) whether a Map key is valid for this
  #                type; Nix attribute names are always strings

  # Scalar types. Integer/Float/Boolean also take a string containing a
  # "{{ref}}": pystachio emits an unresolved template as a string whatever the
  # field's type. Any other string goes to `coerce` (path -> string -> value).
  # A value the type accepts as it is, the common case, is tested first.
  scalar = {
    description,
    accepts,
    keyOk ? (_: true),
    coerce ? null,
  }: {
    inherit description keyOk;
    normalize = path: v:
      if accepts v
      then v
      else if isTemplate v
      then v
      else if coerce != null && isString v
      then coerce path v
      else fail path "expected ${description}, got ${describe v}";
    resolve = f: v:
      if isString v
      then f v
      else v;
  };

  types = {
    string = scalar {
      description = "a string";
      accepts = isString;
    };

    integer = scalar {
      description = "an integer";
      accepts = isInt;
      keyOk = k: match "-?[0-9]+" k != null || isTemplate k;
      coerce = coerceInteger;
    };

    # Ints are accepted and kept as ints (toJSON prints 1, pystachio 1.0;
    # compare JSON numerically). A string is read as a float.
    float = scalar {
      description = "a float";
      accepts = v: isFloat v || isInt v;
      coerce = coerceFloat;
    };

    boolean = scalar {
      description = "a boolean";
      accepts = isBool;
      coerce = coerceBoolean;
    };

    # enum [ "standard" "rotate" ]: one of the given strings (or a template).
    enum = values: let
      description = "one of ${concatStringsSep ", " values}";
    in {
      inherit description;
      keyOk = k: elem k values || isTemplate k;
      normalize = path: v:
        if isString v && (elem v values || isTemplate v)
        then v
        else if isString v
        then fail path "${quote v} is not ${description}"
        else fail path "expected ${description}, got ${describe v}";
      resolve = f: v: f v;
    };

    # list T: a Nix list; element i is checked at path "...[i]".
    list = elemType: {
      description = "a list of ${elemType.description}";
      normalize = path: v:
        if isList v
        then genList (i: elemType.normalize "${path}[${toString i}]" (elemAt v i)) (length v)
        else fail path "expected a list, got ${describe v}";
      resolve = f: map (elemType.resolve f);
    };

    # map K V: an attrset; the value under key k is checked at path "...[k]".
    # Keys must suit K (t.string: anything; t.integer: decimal digits) and must
    # not be one of reservedNames.
    map = keyType: valueType: {
      description = "a map (attribute set) of ${valueType.description}";
      normalize = path: v: let
        keys = attrNames v;
        reserved = filter (k: elem k reservedNames) keys;
        badKeys = filter (k: !((keyType.keyOk or (_: true)) k)) keys;
      in
        if !isAttrs v || v ? __functor
        then fail path "expected a map (attribute set), got ${describe v}"
        else if reserved != []
        then fail path "map key ${quote (head reserved)} is not allowed: Nix treats an attribute set with that name specially (it would not print as a JSON object)"
        else if badKeys != []
        then fail path "map key ${quote (head badKeys)} is not ${keyType.description}"
        else mapAttrs (k: x: valueType.normalize "${path}[${k}]" x) v;
      resolve = f: mapAttrs (_: valueType.resolve f);
    };

    # struct C: an attrset of C's fields (plain, or already built by C),
    # normalized by running C on it with the current path. C is normally a
    # constructor from mkStruct; a plain function is also accepted (it is then
    # called without path information).
    struct = ctor: let
      name = ctor.name or "struct";
      build = ctor.build or (_path: v: ctor v);
    in {
      description = name;
      normalize = path: v:
        if isPlainSet v
        then build path v
        else fail path "expected a ${name} (an attribute set of its fields), got ${describe v}";
      resolve = _f: v: v;
    };

    # choice [ T1 T2 ... ]: like pystachio's Choice, the value takes the first
    # alternative that accepts it and is rendered as that alternative (no type
    # tag). builtins.tryEval only sees errors that surface while forcing, so
    # each attempt is forced deeply. If no alternative accepts the value, the
    # value itself is forced first: an error it carries (e.g. from a
    # constructor call the caller made) is then shown instead of ours.
    choice = alternatives: let
      names = map (a: a.description) alternatives;
    in {
      description = "one of ${concatStringsSep ", " names}";
      normalize = path: v: let
        attempt = alt: tryEval (let n = alt.normalize path v; in deepSeq n n);
        firstOk = alts:
          if alts == []
          then deepSeq v (fail path "expected one of ${concatStringsSep ", " names}, got ${describe v}, which none of them accepts (to see why, call the intended constructor on it directly)")
          else let
            r = attempt (head alts);
          in
            if r.success
            then r.value
            else firstOk (tail alts);
      in
        firstOk alternatives;
      resolve = _f: v: v;
    };
  };

  # ---------------------------------------------------------------- structs

  # "MesosJob[west/www/prod/web]", "Process[hello]", or just the struct name: how error paths
  # start, so a message names the job (or process) the bad value belongs to.
  label = name: args: let
    str = k:
      if isAttrs args && isString (args.${k} or null)
      then args.${k}
      else null;
    taskName =
      if isAttrs args && isAttrs (args.task or null) && isString (args.task.name or null)
      then args.task.name
      else "?";
    jobName =
      if str "name" != null
      then str "name"
      else taskName;
  in
    if str "cluster" != null && str "role" != null && str "environment" != null
    then "${name}[${str "cluster"}/${str "role"}/${str "environment"}/${jobName}]"
    else if str "name" != null
    then "${name}[${str "name"}]"
    else name;

  # mkStruct NAME FIELDS -> constructor
  #
  # FIELDS: { fieldName = { type = <type>; required ? false; default ? <value>; }; ... }
  #
  # The constructor is a callable attrset:
  #   C args            build args, with error paths starting at NAME
  #   C.build path args the same, with error paths starting at `path`
  #                     (used by types.struct for nested values)
  #   C.name, C.fields  the declaration
  #
  # Template defaults: in a default, every "{{ref}}" in a string position is
  # resolved against the struct's own final fields (see `interpolate`), e.g.
  # Task.name = "{{processes[0].name}}". Values given by the caller are never
  # interpolated. A default that refers to itself, directly or through
  # another template default, is an "infinite recursion" error.
  mkStruct = name: fields: let
    fieldNames = attrNames fields;

    # Check the declaration once (forced on first use of the constructor).
    schemaErrors = filter (e: e != null) (map (n: let
      spec = fields.${n};
    in
      if elem n reservedNames
      then "field name ${quote n} is reserved by Nix"
      else if !(isAttrs spec) || !(spec ? type) || !(spec.type ? normalize)
      then "${n}: expected { type = <type>; ... }"
      else if any (k: !(elem k ["type" "required" "default"])) (attrNames spec)
      then "${n}: a field takes only type, required and default"
      else if (spec.required or false) && spec ? default
      then "${n}: a field cannot be both required and defaulted"
      else null)
    fieldNames);
    schemaOk = schemaErrors == [] || throw "aurora: schema error in ${name}: ${head schemaErrors}";

    # The tables a call needs, computed once per struct definition rather than on every
    # constructor call (a job file calls constructors thousands of times).
    requiredNames = filter (n: fields.${n}.required or false) fieldNames;
    defaultNames = filter (n: fields.${n} ? default) fieldNames;

    # A default normalized once here is shared by every call when normalizing it succeeds
    # and its string positions hold no "{{ref}}" (so resolving it against the call's fields
    # changes nothing): most defaults. The others (a template default, or a default that
    # fails to normalize, whose message must name the call's path) are normalized and
    # resolved per call, as before. Nested structs resolve their own template defaults, so
    # a struct-typed default is shared too.
    sharedDefaults = listToAttrs (concatMap (n: let
      type = fields.${n}.type;
      d = type.normalize "${name}.${n} (default)" fields.${n}.default;
      noTemplate = s:
        if isTemplate s
        then throw "template"
        else s;
      plain = tryEval (let r = type.resolve noTemplate d; in deepSeq r true);
    in
      if plain.success
      then [
        {
          name = n;
          value = d;
        }
      ]
      else [])
    defaultNames);
    callDefaults = listToAttrs (map (n: {
        name = n;
        value = fields.${n};
      })
      (filter (n: !(sharedDefaults ? ${n})) defaultNames));

    build = path: args: let
      # removeAttrs keeps attrNames' sorted order, as the filter over it did.
      unknown = attrNames (removeAttrs args fieldNames);
      missing = filter (n: !(args ? ${n})) requiredNames;

      # Given value: normalized. Default: shared, or normalized, then its templates
      # resolved against `final` (lazily, so defaults can refer to other fields,
      # including other defaults). Given values override defaults; a field without a
      # default that is not given is absent.
      given = mapAttrs (n: v: fields.${n}.type.normalize "${path}.${n}" v) args;
      perCall = mapAttrs (n: spec:
        spec.type.resolve (interpolate final) (spec.type.normalize "${path}.${n} (default)" spec.default))
      callDefaults;
      final =
        if callDefaults == {}
        then sharedDefaults // given
        else sharedDefaults // perCall // given;

      plural = l: one: many:
        if length l == 1
        then one
        else many;
    in
      assert schemaOk;
        if !(isPlainSet args)
        then fail path "expected an attribute set of ${name} fields, got ${describe args}"
        else if unknown != []
        then fail path "unknown ${plural unknown "field" "fields"} ${concatStringsSep ", " (map quote unknown)} (fields: ${concatStringsSep ", " fieldNames})"
        else if missing != []
        then throw "aurora: ${concatStringsSep ", " (map (n: "${path}.${n}") missing)} ${plural missing "is" "are"} required"
        else final;
  in {
    inherit name fields build;
    # Errors name the value: a job by its key, anything else with a `name` by that name.
    __functor = self: args: self.build (label name args) args;
  };

  # ---------------------------------------------------------------- parameters
  #
  # A job file with submit-time parameters (`aurora job create --bind NAME=VALUE`) is a
  # function with an argument per parameter, each defaulting to `missingParam NAME`, and
  # its jobs are `withParams { inherit NAME ...; } (jobs [ ... ])`: every argument is
  # checked, by name in sorted order, before any job is forced.

  # The default of a parameter's argument: the error that it was not given.
  missingParam = name: throw "aurora: parameter ${name} is not given (nix-instantiate --argstr ${name} VALUE)";

  # `value` once every parameter in `params` is a string Aurora would bind as it is: a
  # "{{" in a bound value is a template to Aurora, resolved after binding, which the job
  # file cannot do.
  withParams = params: value: let
    check = ok: name: let
      v = params.${name};
    in
      if !isString v
      then throw "aurora: parameter ${name}: expected a string (nix-instantiate --argstr ${name} VALUE), got ${describe v}"
      else if builtins.replaceStrings ["{{"] [""] v != v
      then throw "aurora: parameter ${name}: the value holds \"{{\", which Aurora would resolve as a template; aurora2nix does not support that"
      else ok;
  in
    builtins.seq (foldl' check true (attrNames params)) value;

  # ---------------------------------------------------------------- client checks
  #
  # What Aurora's client checks after evaluating a config, on the Nix side. The rules are
  # written once, in aurora2nix's rule language (converter/aurora/client/rules.rs), and
  # compiled to Nix into aurora-lib.nix (`rules`); this section is the language's runtime.
  # Values are JSON values (an absent field reads as null); comparison, arithmetic and
  # `%s`/`%r` follow Python 2, as the client's checks are Python 2 code. A builtin takes its
  # arguments as a list (a missing one is null). A rule's check gives its violations
  # ([ { message; path; } ]) in the order the client meets them.
  client = let
    inherit
      (builtins)
      attrValues
      concatLists
      concatMap
      div
      hasAttr
      replaceStrings
      unsafeDiscardStringContext
      ;

    # A builtin's first and second argument (null when missing): one call each, where the
    # general `args: i:` would make two, on the path of every compiled check.
    arg0 = args:
      if args == []
      then null
      else head args;
    arg1 = args:
      if length args > 1
      then elemAt args 1
      else null;
    isNumber = v: isInt v || isFloat v || isBool v;
    num = v:
      if isBool v
      then
        (
          if v
          then 1
          else 0
        )
      else v;
    reverse = l: genList (i: elemAt l (length l - 1 - i)) (length l);
    # Whether `needle` occurs in `hay` (without regular expressions).
    hasInfix = needle: hay: needle == "" || replaceStrings [needle] [""] hay != hay;
    ctrl = i: fromJSON "\"\\u00${hex2 i}\"";
    hexDigits = ["0" "1" "2" "3" "4" "5" "6" "7" "8" "9" "a" "b" "c" "d" "e" "f"];
    hex2 = i: elemAt hexDigits (div i 16) + elemAt hexDigits (i - 16 * div i 16);
    # Python's whitespace for int(): space, \t, \n, \r, \v, \f.
    ws = " \t\n\r${ctrl 11}${ctrl 12}";

    truthy1 = v:
      if v == null
      then false
      else if isBool v
      then v
      else if isInt v || isFloat v
      then v != 0
      else if isString v
      then v != ""
      else if isList v
      then v != []
      else if isAttrs v
      then v != {}
      else true;

    # Python 2 orders values of different types: None, numbers, then by type name
    # (dict < list < str).
    rank = v:
      if v == null
      then 0
      else if isNumber v
      then 1
      else if isAttrs v
      then 2
      else if isList v
      then 3
      else if isString v
      then 4
      else 5;
    order = a: b:
    # Two integers, the common case, compare without ranking.
      if isInt a && isInt b
      then
        (
          if a < b
          then -1
          else if b < a
          then 1
          else 0
        )
      else let
        ra = rank a;
        rb = rank b;
        x = num a;
        y = num b;
      in
        if ra != rb
        then
          (
            if ra < rb
            then -1
            else 1
          )
        else if ra == 1 || ra == 4
        then
          (
            if x < y
            then -1
            else if y < x
            then 1
            else 0
          )
        else if ra == 3
        then orderLists a b 0
        else 0;
    orderLists = a: b: i:
      if i >= length a || i >= length b
      then order (length a) (length b)
      else let
        o = order (elemAt a i) (elemAt b i);
      in
        if o != 0
        then o
        else orderLists a b (i + 1);
    eq1 = a: b:
      if isString a || !(isNumber a && isNumber b)
      then a == b
      else num a == num b;

    arith = op: a: b:
      if op == "add" && isString a && isString b
      then a + b
      else if op == "add" && isList a && isList b
      then a ++ b
      else if !(isNumber a && isNumber b)
      then null
      else let
        x = num a;
        y = num b;
      in
        if op == "add"
        then x + y
        else if op == "sub"
        then x - y
        else if op == "mul"
        then x * y
        else if y == 0
        then null
        else if isInt x && isInt y
        then
          (let
            q = div x y;
          in
            if q * y != x && ((x < 0) != (y < 0))
            then q - 1
            else q)
        else 0.0 + builtins.floor (x / y);

    # Python 2 str() of a float: integral values keep ".0"; others print as Nix prints
    # floats (6 significant digits, where Python shows 12).
    pyFloat = f:
      if f == builtins.floor f && f < 1.0e16 && f > -1.0e16
      then toString (builtins.floor f) + ".0"
      else toJSON f;

    # Python 2 `'%s' % v`.
    str1 = v:
      if v == null
      then "None"
      else if isBool v
      then
        (
          if v
          then "True"
          else "False"
        )
      else if isInt v
      then toString v
      else if isFloat v
      then pyFloat v
      else if isString v
      then v
      else toJSON v;

    # Python 2 `'%r' % v` (a string's characters beyond ASCII are shown as themselves).
    controls = filter (i: i != 9 && i != 10 && i != 13) (genList (i: i + 1) 31) ++ [127];
    repr1 = v:
      if isString v
      then let
        q =
          if hasInfix "'" v && !(hasInfix "\"" v)
          then "\""
          else "'";
        body =
          replaceStrings
          (["\\" "\n" "\r" "\t" q] ++ map ctrl controls)
          (["\\\\" "\\n" "\\r" "\\t" "\\${q}"] ++ map (i: "\\x${hex2 i}") controls)
          v;
      in
        q + body + q
      else str1 v;

    # The code points whose decimal value is 0 in Python 2.7.18's Unicode database (5.2.0),
    # ASCII's left out: each starts a run of the ten digits 0-9, all of which int() of a unicode
    # string reads.
    decimalZeros = [1632 1776 1984 2406 2534 2662 2790 2918 3046 3174 3302 3430 3664 3792 3872 4160 4240 6112 6160 6470 6608 6784 6800 6992 7088 7232 7248 42528 43216 43264 43472 43600 44016 65296 66720 120782 120792 120802 120812 120822];
    hex4 = i: hex2 (div i 256) + hex2 (i - 256 * div i 256);
    # A code point as a JSON escape (a surrogate pair above U+FFFF), for fromJSON.
    escaped = c:
      if c < 65536
      then "\\u${hex4 c}"
      else let d = c - 65536; in "\\u${hex4 (55296 + div d 1024)}\\u${hex4 (56320 + d - 1024 * div d 1024)}";
    unicodeDigits = concatMap (z: genList (k: fromJSON "\"${escaped (z + k)}\"") 10) decimalZeros;
    asciiDigits = concatMap (z: genList toString 10) decimalZeros;
    # A string with its decimal digits of any script written as ASCII ones.
    asciiDigitsOf = s: replaceStrings unicodeDigits asciiDigits s;

    # Whether Python 2's int() accepts a string (or the value is an integer).
    intLike1 = v:
      isInt v || (isString v && match "[${ws}]*[+-]?[${ws}]*[0-9]+[${ws}]*" (asciiDigitsOf v) != null);
    # int() of a string without blanks after its sign, else null.
    toInt = s: let
      m = match "[${ws}]*([+-]?)0*([0-9]+)[${ws}]*" (asciiDigitsOf s);
    in
      if m == null
      then null
      else let
        n = fromJSON (elemAt m 1);
      in
        if elemAt m 0 == "-"
        then 0 - n
        else n;

    # How a value is told apart in a set (Python ==: 1 and 1.0 are one).
    setKey = v:
      if isString v
      then "s" + unsafeDiscardStringContext v
      else if isNumber v
      then
        (let
          x = num v;
        in
          if isInt x
          then "i${toString x}"
          else if x == builtins.floor x
          then "i${toString (builtins.floor x)}"
          else "f${toJSON x}")
      else "j" + unsafeDiscardStringContext (toJSON v);
    # `setKey x` with a string's key written out: sets of names are most of what the
    # checks build, and this saves a call per element.
    keySet = xs:
      listToAttrs (map (x: {
          name =
            if isString x
            then "s" + unsafeDiscardStringContext x
            else setKey x;
          value = true;
        })
        xs);
    inSet = set: x:
      hasAttr (
        if isString x
        then "s" + unsafeDiscardStringContext x
        else setKey x
      )
      set;
    asList = v:
      if isList v
      then v
      else [];
    startsWith1 = t: p: substring 0 (stringLength p) t == p;

    # Thermos's planner: retiring the processes without pending dependencies, round after
    # round, retires them all exactly when there is no cycle.
    acyclic1 = nodes: edges: let
      known = keySet nodes;
      names = attrNames known;
      es =
        filter (e: hasAttr (head e) known && hasAttr (elemAt e 1) known)
        (map (e: [(setKey (elemAt e 0)) (setKey (elemAt e 1))]) (filter (e: isList e && length e == 2) edges));
      go = left: es: let
        blocked = listToAttrs (map (e: {
            name = elemAt e 1;
            value = true;
          })
          es);
        free = filter (n: !(hasAttr n blocked)) left;
        gone = keySet' free;
      in
        if left == []
        then true
        else if free == []
        then false
        else go (filter (n: !(hasAttr n gone)) left) (filter (e: !(hasAttr (head e) gone)) es);
      keySet' = ks:
        listToAttrs (map (k: {
            name = k;
            value = true;
          })
          ks);
    in
      go names es;

    # The strings of a value (object keys included), depth first, that hold a "{{": the only
    # ones that can hold a ref. This walks every node of a job three times per check, so it
    # tests many strings with one replaceStrings where it can: the keys of an object, and a
    # list (or an object's values) made of strings only, joined by a space (which no "{{" can
    # straddle). Only when a joined text has a "{{" are its strings taken one by one, in order.
    hasBraces = s: replaceStrings ["{{"] [""] s != s;
    templatedStrings = l:
      if hasBraces (concatStringsSep " " l)
      then map unsafeDiscardStringContext (filter hasBraces l)
      else [];
    # A list's (or an object's values') templated strings. Where its own strings hold no
    # "{{", only its lists and objects can add any, in their order: the scalars are left out
    # by primops (filter isString, isList, isAttrs) without a call each.
    templatedAll = l: let
      strs = filter isString l;
    in
      if length strs == length l
      then templatedStrings l
      else if hasBraces (concatStringsSep " " strs)
      then concatMap templated l
      else let
        lists = filter isList l;
        sets = filter isAttrs l;
      in
        if lists == []
        then concatMap templated sets
        else if sets == []
        then concatMap templated lists
        else concatMap templated (filter (x: isAttrs x || isList x) l);
    templated = v:
      if isString v
      then
        (
          if hasBraces v
          then [(unsafeDiscardStringContext v)]
          else []
        )
      else if isList v
      then templatedAll v
      else if isAttrs v
      then let
        names = attrNames v;
      in
        if hasBraces (concatStringsSep " " names)
        then
          concatMap (k:
            (
              if hasBraces k
              then [k]
              else []
            )
            ++ templated v.${k})
          names
        else templatedAll (attrValues v)
      else [];

    # A ref's address as pystachio writes it (`a.b[c]`), or null when it is not a valid ref.
    address = inner: let
      first = substring 0 1 inner;
      full =
        if first == "[" || first == "."
        then inner
        else if match "[A-Za-z_]" first != null
        then "." + inner
        else null;
    in
      if full != null && match "([.][A-Za-z_][A-Za-z0-9_]*|[[][A-Za-z0-9_./-]+[]])+" full != null
      then
        (
          if substring 0 1 full == "."
          then substring 1 (stringLength full) full
          else full
        )
      else null;

    # pystachio's MustacheParser.split: text, refs ({ ref = ADDRESS; }) and escapes
    # ({ alias = NAME; } for `{{&NAME}}`); null when a ref is not valid.
    pieces = s: let
      piece = p:
        if isString p
        then {text = p;}
        else let
          inner = head p;
          n = stringLength inner;
        in
          if substring 0 1 inner == "&" && n >= 2
          then
            (let
              r = substring 1 n inner;
              m = stringLength r;
            in {
              alias =
                if m >= 2 && substring (m - 1) 1 r == "&"
                then substring 0 (m - 1) r
                else r;
            })
          else
            (let
              a = address inner;
            in
              if a == null
              then {invalid = true;}
              else {ref = a;});
      ps = map piece (filter (p: p != "") (split "[{][{]([^{}]+)[}][}]" s));
    in
      if any (p: p ? invalid) ps
      then null
      else ps;

    # The pieces of `s` with every ref whose address `subs` names replaced by its `%s` text,
    # again and again while that changes something (pystachio re-reads what it substitutes);
    # null when a ref is not valid. Where a round substitutes nothing, its pieces are the
    # answer: the text they render parses to the same refs (only an address's or an alias's
    # spelling could change), so it is not parsed a second time.
    substituted = subs: s: rounds: let
      ps = pieces s;
      render = p:
        if p ? ref
        then
          (
            if hasAttr p.ref subs
            then str1 subs.${p.ref}
            else "{{${p.ref}}}"
          )
        else if p ? alias
        then "{{&${p.alias}}}"
        else p.text;
    in
      if rounds == 0 || ps == null || !(any (p: p ? ref && hasAttr p.ref subs) ps)
      then ps
      else substituted subs (concatStringsSep "" (map render ps)) (rounds - 1);

    # The addresses of the refs left in the strings of `v` once those `subs` names are
    # substituted, in order, each once.
    leftRefs = v: subs: let
      of = s: let
        ps =
          if isAttrs subs
          then substituted subs s 100
          else pieces s;
      in
        if ps == null
        then []
        else map (p: p.ref) (filter (p: p ? ref) ps);
    in
      unique (concatMap of (templated v));
    unique = xs:
      (foldl' (st: x:
          if hasAttr x st.seen
          then st
          else {
            seen = st.seen // {${x} = true;};
            out = st.out ++ [x];
          }) {
          seen = {};
          out = [];
        }
        xs)
      .out;

    resolvePorts1 = pm: let
      m = mapAttrs (_: v:
        if isString v && intLike1 v && toInt v != null
        then toInt v
        else v)
      pm;
      follow = root: visited:
        if isString root && hasAttr root m
        then
          (let
            next = m.${root};
            seen = visited ++ [root];
          in
            if elem next seen
            then null
            else follow next seen)
        else {value = root;};
      resolved = mapAttrs (_: v: follow v []) m;
    in
      if any (r: r == null) (attrValues resolved)
      then null
      else mapAttrs (_: r: r.value) resolved;

    upperCase =
      replaceStrings
      (map (i: substring i 1 "abcdefghijklmnopqrstuvwxyz") (genList (i: i) 26))
      (map (i: substring i 1 "ABCDEFGHIJKLMNOPQRSTUVWXYZ") (genList (i: i) 26));

    # Trims the newlines a message of the client starts or ends with (its die() adds them).
    trimNewlines = s:
      if substring 0 1 s == "\n"
      then trimNewlines (substring 1 (stringLength s) s)
      else if s != "" && substring (stringLength s - 1) 1 s == "\n"
      then trimNewlines (substring 0 (stringLength s - 1) s)
      else s;

    # The job key as the client's messages name it.
    jobKey = job:
      concatStringsSep "/" (map (f:
        if isAttrs job && job ? ${f}
        then str1 job.${f}
        else "?")
      ["cluster" "role" "environment" "name"]);
  in rec {
    # The constructs of the language.
    get = x: f:
      if isAttrs x
      then x.${f} or null
      else null;
    at = x: k:
      if isAttrs x && isString k
      then x.${k} or null
      else if isList x && builtins.isInt k && k >= 0 && k < length x
      then elemAt x k
      else null;
    each = items: f:
      concatMap (x: let
        r = f x;
      in
        if isList r
        then r
        else [])
      (
        if isList items
        then items
        else if isAttrs items
        then attrValues items
        else []
      );
    eq = eq1;
    ne = a: b: !(eq1 a b);
    lt = a: b: order a b < 0;
    le = a: b: order a b <= 0;
    gt = a: b: order a b > 0;
    ge = a: b: order a b >= 0;
    # Integers, the common case, go straight to Nix's operators (as `arith` would). (This
    # set's own `isInt` is the builtin of the language, hence `builtins.isInt`.)
    add = a: b:
      if builtins.isInt a && builtins.isInt b
      then a + b
      else arith "add" a b;
    sub = a: b:
      if builtins.isInt a && builtins.isInt b
      then a - b
      else arith "sub" a b;
    mul = a: b:
      if builtins.isInt a && builtins.isInt b
      then a * b
      else arith "mul" a b;
    floorDiv = arith "floorDiv";
    concat = pieces: concatStringsSep "" (map str1 pieces);

    # The builtins (see `Builtin` in converter/aurora/client/expr.rs).
    len = args: let
      v = arg0 args;
    in
      if isList v
      then length v
      else if isAttrs v
      then length (attrNames v)
      else if isString v
      then stringLength v
      else 0;
    keys = args: let
      v = arg0 args;
    in
      if isAttrs v
      then attrNames v
      else [];
    isIn = args: let
      x = arg0 args;
      y = arg1 args;
    in
      if isAttrs y
      then hasAttr (str1 x) y
      else if isList y
      then any (eq1 x) y
      else if isString y
      then hasInfix (str1 x) y
      else false;
    str = args: str1 (arg0 args);
    repr = args: repr1 (arg0 args);
    floor = args: let
      v = arg0 args;
    in
      if isNumber v
      then builtins.floor (num v)
      else null;
    intLike = args: intLike1 (arg0 args);
    identifier = args: let v = arg0 args; in isString v && match "[A-Za-z0-9_.-]+\n?" v != null;
    startsWith = args: startsWith1 (str1 (arg0 args)) (str1 (arg1 args));
    split = args: let
      v = arg0 args;
      sep = str1 (arg1 args);
      literal = concatStringsSep "" (map (i: let
        ch = substring i 1 sep;
      in
        if ch == "^"
        then "\\^"
        else if ch == "\\"
        then "\\\\"
        else "[${ch}]")
      (genList (i: i) (stringLength sep)));
    in
      if isString v
      then filter isString (builtins.split literal v)
      else [v];
    join = args: concatStringsSep (str1 (arg1 args)) (map str1 (asList (arg0 args)));
    subset = args: let
      of = keySet (asList (arg1 args));
    in
      all (inSet of) (asList (arg0 args));
    disjoint = args: let
      of = keySet (asList (arg1 args));
    in
      !(any (inSet of) (asList (arg0 args)));
    acyclic = args: acyclic1 (asList (arg0 args)) (asList (arg1 args));
    repeated = args:
      (foldl' (st: x: let
          k = setKey x;
        in
          if !(hasAttr k st.seen)
          then st // {seen = st.seen // {${k} = true;};}
          else if hasAttr k st.reported
          then st
          else
            st
            // {
              reported = st.reported // {${k} = true;};
              out = st.out ++ [x];
            })
        {
          seen = {};
          reported = {};
          out = [];
        } (asList (arg0 args)))
      .out;
    fromPairs = args:
      listToAttrs (reverse (map (p: {
        name = unsafeDiscardStringContext (str1 (elemAt p 0));
        value = elemAt p 1;
      }) (asList (arg0 args))));
    refs = args: map (a: "{{${a}}}") (leftRefs (arg0 args) (arg1 args));
    ports = args:
      unique (concatMap (a: let
        m = match "thermos[.]ports[[]([A-Za-z0-9_/-]+)[]]" a;
      in
        if m == null
        then []
        else m)
      (leftRefs (arg0 args) (arg1 args)));
    resolvePorts = args: let
      v = arg0 args;
    in
      if isAttrs v
      then resolvePorts1 v
      else {};
    isInt = args: builtins.isInt (arg0 args);
    isStr = args: builtins.isString (arg0 args);
    truthy = args: truthy1 (arg0 args);
    # Python's truth of one value, for the compiled `if`, `and`, `or` and `not` (which the
    # compiler leaves out where its operand is already a boolean).
    test = truthy1;
    range = args: let
      lo = num (arg0 args);
      hi = num (arg1 args);
    in
      if builtins.isInt lo && builtins.isInt hi && hi > lo
      then genList (i: lo + i) (hi - lo)
      else [];
    after = args: let
      t = str1 (arg0 args);
      p = str1 (arg1 args);
    in
      if startsWith1 t p
      then substring (stringLength p) (stringLength t) t
      else t;
    upper = args: upperCase (str1 (arg0 args));
    digits = args: match "[0-9]*" (str1 (arg0 args)) != null;

    # Runs compiled rules ([ { code; stage; check; } ]) on a job document { jobs = [ ... ]; }
    # in the client's order: every job's key, `pick` over all jobs, then for each job
    # validate_job, validate_config and the thrift conversion. Returns the document, or
    # throws the first violation: "aurora: job[CLUSTER/ROLE/ENV/NAME].PATH: error[CODE]: MESSAGE".
    checkDocument = rules: let
      # The rules of each step, chosen once for the library's `check` (not per job).
      of = stages: filter (r: elem r.stage stages) rules;
      keyRules = of ["key"];
      pickRules = of ["pick"];
      jobRules = of ["validateJob" "validateConfig" "thrift"];
    in
      doc: let
        jobs =
          if isAttrs doc && isList (doc.jobs or null)
          then doc.jobs
          else [];
        steps =
          map (job: {
            value = job;
            rules = keyRules;
          })
          jobs
          ++ [
            {
              value = jobs;
              rules = pickRules;
              pick = true;
            }
          ]
          ++ map (job: {
            value = job;
            rules = jobRules;
          })
          jobs;
        firstIn = step:
          foldl' (found: r:
            if found != null
            then found
            else let
              vs = r.check step.value;
            in
              if isList vs && vs != []
              then {
                inherit step;
                rule = r;
                violation = head vs;
              }
              else null)
          null
          step.rules;
        found =
          foldl' (f: step:
            if f != null
            then f
            else firstIn step)
          null
          steps;
        where =
          if found.step.pick or false
          then "jobs"
          else
            "job[${jobKey found.step.value}]"
            + (
              if found.violation.path == ""
              then ""
              else ".${found.violation.path}"
            );
      in
        if found == null
        then doc
        else throw "aurora: ${where}: error[${found.rule.code}]: ${trimNewlines found.violation.message}";
  };
in {
  inherit mkStruct types client missingParam withParams;
  # Exposed for tests and for the generated library's own helpers.
  inherit interpolate describe reservedNames;
}
