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
#   * every given field is type-checked and normalized by its type;
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
  inherit (builtins)
    all any attrNames concatStringsSep deepSeq elem elemAt filter foldl'
    fromJSON genList hasAttr head isAttrs isBool isFloat isFunction isInt
    isList isPath isString length listToAttrs map mapAttrs match split
    stringLength substring tail toJSON tryEval typeOf;

  # ---------------------------------------------------------------- helpers

  # Attribute names that make Nix treat a whole attrset specially: toJSON
  # prints a set with `outPath` or `__toString` as a string (dropping every
  # other key), and a set with `__functor` is callable. They are never
  # allowed as Map keys or field names.
  reservedNames = [ "outPath" "__toString" "__functor" ];

  # Throw the standard error for the value at `path` (e.g. "Resources.cpu").
  fail = path: msg: throw "aurora: ${path}: ${msg}";

  # Quote a string for an error message (JSON escaping, cut after 80 chars).
  quote = s:
    let plain = builtins.unsafeDiscardStringContext s;
    in if stringLength plain > 80
       then toJSON (substring 0 77 plain + "...")
       else toJSON plain;

  # "a set with fields a, b" etc.: a short description of any value for
  # "expected X, got Y" messages. Never fails, whatever the value.
  describe = v:
    if isString v then "a string ${quote v}"
    else if isInt v then "an integer ${toString v}"
    else if isFloat v then "a float ${toJSON v}"
    else if isBool v then "a boolean ${if v then "true" else "false"}"
    else if v == null then "null"
    else if isList v then "a list of ${toString (length v)} element(s)"
    else if isFunction v then "a function"
    else if isPath v then "a path ${toString v}"
    else if isAttrs v then
      (if v ? __functor then "a callable set (a struct constructor that was never applied to its fields?)"
       else if v ? outPath then "a derivation or other set with outPath (interpolate it: \"\${...}\")"
       else if v ? __toString then "a set with __toString"
       else if v == { } then "an empty set"
       else "a set with fields ${concatStringsSep ", " (attrNames v)}")
    else typeOf v;

  # A plain attrset of fields/entries, i.e. not one Nix would print or call
  # as something else.
  isPlainSet = v: isAttrs v && !(any (n: hasAttr n v) reservedNames);

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
  parseRef = ref:
    let
      # A leading bare name is a field component, so write it as ".name".
      s = if substring 0 1 ref == "[" then ref else ".${ref}";
      # split gives [ sep [comp] sep [comp] ... sep ]; every sep must be "".
      parts = split "([.][^].[]+|[[][^]]+[]])" s;
      comps = map head (filter isList parts);
      toComp = c:
        let body = substring 1 (stringLength c - (if substring 0 1 c == "[" then 2 else 1)) c;
        in if substring 0 1 c == "."
           then { kind = "field"; key = body; ok = match "[A-Za-z_][A-Za-z0-9_]*" body != null; }
           else { kind = "index"; key = body; ok = match "[A-Za-z0-9_./-]+" body != null; };
      parsed = map toComp comps;
    in
      if all (p: p == "") (filter isString parts) && parsed != [ ] && all (c: c.ok) parsed
      then parsed
      else null;

  # Follow parsed ref components from `scope`; null when a step is missing.
  # Attrsets (structs and maps) accept both ".key" and "[key]"; lists accept
  # "[n]" with n a decimal index in range.
  walkRef = scope: comps:
    foldl' (acc: c:
      if acc == null then null
      else if isAttrs acc then acc.${c.key} or null
      else if isList acc && c.kind == "index" && match "[0-9]+" c.key != null then
        let i = fromJSON (head (match "0*([0-9]+)" c.key)); # "007" -> 7
        in if i < length acc then elemAt acc i else null
      else null) scope comps;

  # Replace every "{{ref}}" in `str` that resolves against `scope` to a string
  # or an integer. Anything else (an unresolvable or invalid ref, or a ref to
  # a float, boolean, list or struct, whose pystachio rendering we do not
  # reproduce) stays literally "{{ref}}". Substituted text is not scanned
  # again. Strings without templates are returned as they are (split would
  # drop their string context).
  interpolate = scope: str:
    let
      resolve = ref:
        let
          comps = parseRef ref;
          v = if comps == null then null else walkRef scope comps;
        in
          if isString v then v
          else if isInt v then toString v
          else "{{${ref}}}";
    in
      if !isTemplate str then str
      else concatStringsSep "" (map (p: if isList p then resolve (head p) else p) (split mustacheRe str));

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
  # field's type.
  scalar = { description, accepts, keyOk ? (_: true) }: {
    inherit description keyOk;
    normalize = path: v:
      if accepts v || isTemplate v then v
      else fail path "expected ${description}, got ${describe v}";
    resolve = f: v: if isString v then f v else v;
  };

  types = {
    string = scalar { description = "a string"; accepts = isString; };

    integer = scalar {
      description = "an integer";
      accepts = isInt;
      keyOk = k: match "-?[0-9]+" k != null || isTemplate k;
    };

    # Ints are accepted and kept as ints (toJSON prints 1, pystachio 1.0;
    # compare JSON numerically).
    float = scalar { description = "a float"; accepts = v: isFloat v || isInt v; };

    boolean = scalar { description = "a boolean"; accepts = isBool; };

    # enum [ "standard" "rotate" ]: one of the given strings (or a template).
    enum = values:
      let description = "one of ${concatStringsSep ", " values}";
      in {
        inherit description;
        keyOk = k: elem k values || isTemplate k;
        normalize = path: v:
          if isString v && (elem v values || isTemplate v) then v
          else if isString v then fail path "${quote v} is not ${description}"
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
      normalize = path: v:
        let
          keys = attrNames v;
          reserved = filter (k: elem k reservedNames) keys;
          badKeys = filter (k: !((keyType.keyOk or (_: true)) k)) keys;
        in
          if !isAttrs v || v ? __functor then fail path "expected a map (attribute set), got ${describe v}"
          else if reserved != [ ] then
            fail path "map key ${quote (head reserved)} is not allowed: Nix treats an attribute set with that name specially (it would not print as a JSON object)"
          else if badKeys != [ ] then
            fail path "map key ${quote (head badKeys)} is not ${keyType.description}"
          else mapAttrs (k: x: valueType.normalize "${path}[${k}]" x) v;
      resolve = f: mapAttrs (_: valueType.resolve f);
    };

    # struct C: an attrset of C's fields (plain, or already built by C),
    # normalized by running C on it with the current path. C is normally a
    # constructor from mkStruct; a plain function is also accepted (it is then
    # called without path information).
    struct = ctor:
      let
        name = ctor.name or "struct";
        build = ctor.build or (_path: v: ctor v);
      in {
        description = name;
        normalize = path: v:
          if isPlainSet v then build path v
          else fail path "expected a ${name} (an attribute set of its fields), got ${describe v}";
        resolve = _f: v: v;
      };

    # choice [ T1 T2 ... ]: like pystachio's Choice, the value takes the first
    # alternative that accepts it and is rendered as that alternative (no type
    # tag). builtins.tryEval only sees errors that surface while forcing, so
    # each attempt is forced deeply. If no alternative accepts the value, the
    # value itself is forced first: an error it carries (e.g. from a
    # constructor call the caller made) is then shown instead of ours.
    choice = alternatives:
      let names = map (a: a.description) alternatives;
      in {
        description = "one of ${concatStringsSep ", " names}";
        normalize = path: v:
          let
            attempt = alt: tryEval (let n = alt.normalize path v; in deepSeq n n);
            firstOk = alts:
              if alts == [ ] then
                deepSeq v (fail path "expected one of ${concatStringsSep ", " names}, got ${describe v}, which none of them accepts (to see why, call the intended constructor on it directly)")
              else
                let r = attempt (head alts);
                in if r.success then r.value else firstOk (tail alts);
          in firstOk alternatives;
        resolve = _f: v: v;
      };
  };

  # ---------------------------------------------------------------- structs

  # "MesosJob[west/www/prod/web]", "Process[hello]", or just the struct name: how error paths
  # start, so a message names the job (or process) the bad value belongs to.
  label = name: args: let
    str = k: if isAttrs args && isString (args.${k} or null) then args.${k} else null;
    taskName = if isAttrs args && isAttrs (args.task or null) && isString (args.task.name or null) then args.task.name else "?";
    jobName = if str "name" != null then str "name" else taskName;
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
  mkStruct = name: fields:
    let
      fieldNames = attrNames fields;

      # Check the declaration once (forced on first use of the constructor).
      schemaErrors = filter (e: e != null) (map (n:
        let spec = fields.${n}; in
        if elem n reservedNames then "field name ${quote n} is reserved by Nix"
        else if !(isAttrs spec) || !(spec ? type) || !(spec.type ? normalize) then "${n}: expected { type = <type>; ... }"
        else if any (k: !(elem k [ "type" "required" "default" ])) (attrNames spec) then "${n}: a field takes only type, required and default"
        else if (spec.required or false) && spec ? default then "${n}: a field cannot be both required and defaulted"
        else null) fieldNames);
      schemaOk = schemaErrors == [ ] || throw "aurora: schema error in ${name}: ${head schemaErrors}";

      build = path: args:
        let
          unknown = filter (n: !(fields ? ${n})) (attrNames args);
          missing = filter (n: (fields.${n}.required or false) && !(args ? ${n})) fieldNames;
          present = filter (n: args ? ${n} || fields.${n} ? default) fieldNames;

          # Given value: normalized. Default: normalized, then its templates
          # are resolved against `final` (lazily, so defaults can refer to
          # other fields, including other defaults).
          fieldValue = n:
            let type = fields.${n}.type; in
            if args ? ${n} then type.normalize "${path}.${n}" args.${n}
            else type.resolve (interpolate final) (type.normalize "${path}.${n} (default)" fields.${n}.default);

          final = listToAttrs (map (n: { name = n; value = fieldValue n; }) present);

          plural = l: one: many: if length l == 1 then one else many;
        in
          assert schemaOk;
          if !(isPlainSet args) then
            fail path "expected an attribute set of ${name} fields, got ${describe args}"
          else if unknown != [ ] then
            fail path "unknown ${plural unknown "field" "fields"} ${concatStringsSep ", " (map quote unknown)} (fields: ${concatStringsSep ", " fieldNames})"
          else if missing != [ ] then
            throw "aurora: ${concatStringsSep ", " (map (n: "${path}.${n}") missing)} ${plural missing "is" "are"} required"
          else final;
    in {
      inherit name fields build;
      # Errors name the value: a job by its key, anything else with a `name` by that name.
      __functor = self: args: self.build (label name args) args;
    };
in
{
  inherit mkStruct types;
  # Exposed for tests and for the generated library's own helpers.
  inherit interpolate describe reservedNames;
}
