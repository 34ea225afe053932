/**
 * Required terminology bindings, which @medplum/core's validator does not check (a Location with
 * `status: "bogus"` passes it). The resource is walked along medplum's type schemas; every element
 * whose binding strength is `required` has its codes looked up in the locally expanded ValueSet.
 * Per type, the elements worth visiting are worked out once and cached ("plans"), so the walk costs
 * a few microseconds on a typical directory resource.
 */
import { getDataType, isResourceType, tryGetDataType, type InternalTypeSchema } from '@medplum/core';
import type { CodeableConcept, Coding, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { issue } from '../outcomes.js';
import { expandValueSet } from './terminology.js';

/** One element to look at: a required-bound code to check, or a complex value to walk into. */
interface PlanEntry {
  key: string;
  typeName: string;
  valueSet?: string;
}

/** The element types whose values are codes that can be checked against a value set. */
const CODE_TYPES = new Set(['code', 'string', 'uri', 'Coding', 'CodeableConcept']);

const plans = new WeakMap<InternalTypeSchema, PlanEntry[]>();
const reachability = new Map<string, boolean>();

/**
 * Issues for every required-binding violation in the resource. `schema` is the type (or profile)
 * schema for the root, so a profile's own required bindings count too; nested values use the base types.
 */
export function checkRequiredBindings(resource: { resourceType: string }, schema?: InternalTypeSchema): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource as Record<string, unknown>, schema ?? getDataType(resource.resourceType), resource.resourceType, issues);
  return issues;
}

function walk(value: Record<string, unknown>, schema: InternalTypeSchema, path: string, issues: OperationOutcomeIssue[]): void {
  for (const entry of planFor(schema)) {
    const property = value[entry.key];
    if (property === undefined || property === null) continue;
    const items = Array.isArray(property) ? property : [property];
    items.forEach((item, i) => {
      const itemPath = Array.isArray(property) ? `${path}.${entry.key}[${i}]` : `${path}.${entry.key}`;
      if (entry.valueSet) checkCode(item, entry, itemPath, issues);
      else if (item && typeof item === 'object') walkInto(item as Record<string, unknown>, entry.typeName, itemPath, issues);
    });
  }
}

function walkInto(item: Record<string, unknown>, typeName: string, path: string, issues: OperationOutcomeIssue[]): void {
  if (typeName === 'Resource') {
    // contained resources and Bundle entries: the concrete type is in the value itself
    const type = item.resourceType;
    if (typeof type === 'string' && isResourceType(type)) walk(item, getDataType(type), path, issues);
    return;
  }
  const schema = tryGetDataType(typeName);
  if (schema) walk(item, schema, path, issues);
}

function planFor(schema: InternalTypeSchema): PlanEntry[] {
  let plan = plans.get(schema);
  if (!plan) {
    plan = buildPlan(schema);
    plans.set(schema, plan);
  }
  return plan;
}

function buildPlan(schema: InternalTypeSchema): PlanEntry[] {
  const plan: PlanEntry[] = [];
  for (const [name, element] of Object.entries(schema.elements)) {
    const choice = name.endsWith('[x]');
    const binding = element.binding;
    const valueSet = binding?.strength === 'required' ? binding.valueSet : undefined;
    for (const { code: typeName } of element.type ?? []) {
      const key = choice ? name.slice(0, -3) + typeName.charAt(0).toUpperCase() + typeName.slice(1) : name;
      if (valueSet && CODE_TYPES.has(typeName)) plan.push({ key, typeName, valueSet });
      else if (mayContainBindings(typeName)) plan.push({ key, typeName });
    }
  }
  return plan;
}

/** Whether a value of this type can hold a required-bound code somewhere inside (prunes the walk). */
function mayContainBindings(typeName: string): boolean {
  if (typeName === 'Resource') return true;
  if (!/^[A-Z]/.test(typeName)) return false; // primitives and System.* types
  const known = reachability.get(typeName);
  if (known !== undefined) return known;
  reachability.set(typeName, false); // cycle guard (Identifier -> Reference -> Identifier)
  const schema = tryGetDataType(typeName);
  const result =
    !!schema &&
    Object.values(schema.elements).some((element) =>
      (element.type ?? []).some(
        (t) => (element.binding?.strength === 'required' && CODE_TYPES.has(t.code)) || (t.code !== typeName && mayContainBindings(t.code)),
      ),
    );
  reachability.set(typeName, result);
  return result;
}

function checkCode(item: unknown, entry: PlanEntry, path: string, issues: OperationOutcomeIssue[]): void {
  const expansion = expandValueSet(entry.valueSet as string);
  if (!expansion) return; // not expandable from local definitions: accept rather than guess
  const valueSet = (entry.valueSet as string).split('|')[0];
  const inValueSet = (coding: Coding): boolean =>
    coding.system ? expansion.codings.has(`${coding.system}|${coding.code}`) : expansion.codes.has(coding.code as string);
  if (entry.typeName === 'Coding') {
    const coding = item as Coding;
    if (typeof coding?.code === 'string' && !inValueSet(coding)) issues.push(codeIssue(describe(coding), valueSet, path));
  } else if (entry.typeName === 'CodeableConcept') {
    // A concept is conformant when one of its codings is in the value set; text-only concepts are left alone.
    const coding = (item as CodeableConcept | undefined)?.coding;
    const codings = (Array.isArray(coding) ? coding : []).filter((c) => typeof c?.code === 'string');
    if (codings.length > 0 && !codings.some(inValueSet)) issues.push(codeIssue(codings.map(describe).join(', '), valueSet, path));
  } else if (typeof item === 'string' && !expansion.codes.has(item)) {
    issues.push(codeIssue(`"${item}"`, valueSet, path));
  }
}

function describe(coding: Coding): string {
  return coding.system ? `${coding.system}|${coding.code}` : `"${coding.code}"`;
}

function codeIssue(value: string, valueSet: string, path: string): OperationOutcomeIssue {
  return issue('error', 'code-invalid', `${value} is not in the required value set ${valueSet}`, path);
}
