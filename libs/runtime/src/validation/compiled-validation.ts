import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';

/**
 * Validation done once per class, not looked up per payload (issue 14). class-validator finds a class's rules on every
 * call by scanning every class it knows (an `instanceof` per class, twice per nested object) and Nest's ValidationPipe
 * walks the payload once more for binary values; in a service that knows a few hundred contract classes that was the
 * largest part of validating a request.
 *
 * A class's rules are gathered once into a checker that calls the very same constraint functions class-validator
 * would, in the same order and with the same arguments. The checker only ever says "valid" or "not sure": whenever a
 * payload is not plainly valid (a failed constraint, an unknown field, a binary value, an async constraint, a rule kind
 * it does not know), the request goes through Nest's ValidationPipe as before, which builds the errors — so every 400
 * body and its wording (errors/validation.ts) come from the one place they always came from, and a payload is accepted
 * only when class-validator accepts it too (compiled-validation.spec.ts compares both).
 */

/** true: class-validator finds no error; false: not sure (the caller asks class-validator). */
type Check = (object: object) => boolean;

interface PropertyRules {
  name: string;
  /** IsOptional / ValidateIf: the property is validated only when every one says so. */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** IsDefined and every value constraint, with the constraint classes class-validator calls for each. */
  constraints: { metadata: ValidationMetadata; validators: ConstraintMetadata[] }[];
  /** ValidateNested: the value's own class is checked (each element's, for an array). */
  nested: boolean;
}

const NOT_SURE: Check = () => false;
const checks = new Map<unknown, Check>();

/** The checker of a class, made on first use (every decorator has run by then: classes are declared at load). */
export function compiledCheck(target: unknown): Check {
  let check = checks.get(target);
  if (!check) {
    check = compile(target);
    checks.set(target, check);
  }
  return check;
}

function compile(target: unknown): Check {
  if (typeof target !== 'function' || target === Object) return NOT_SURE;
  const storage = getMetadataStorage();
  // The rules class-validator's executor gathers for this class with the pipe's options (no groups, not always).
  const metadatas = storage.getTargetValidationMetadatas(target, '', false, false);
  if (!metadatas.length) return NOT_SURE;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties: PropertyRules[] = [];
  for (const [name, list] of Object.entries(grouped)) {
    const rules: PropertyRules = { name, conditions: [], constraints: [], nested: false };
    for (const m of list) {
      switch (m.type) {
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.CONDITIONAL_VALIDATION:
          rules.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION: {
          const validators = storage.getTargetValidatorConstraints(m.constraintCls);
          if (validators.some((v) => v.async)) return NOT_SURE;
          rules.constraints.push({ metadata: m, validators });
          break;
        }
        case ValidationTypes.NESTED_VALIDATION:
          rules.nested = true;
          break;
        default:
          return NOT_SURE; // PROMISE_VALIDATION and anything newer: left to class-validator
      }
    }
    properties.push(rules);
  }
  const known = new Set(properties.map((p) => p.name));
  const targetName = (target as { name: string }).name;

  return (object: object) => {
    // whitelist + forbidNonWhitelisted: a field without rules is an error.
    for (const key of Object.keys(object)) if (!known.has(key)) return false;
    for (const p of properties) {
      const value = (object as Record<string, unknown>)[p.name];
      if (!p.conditions.every((condition) => condition(object, value))) continue;
      for (const { metadata, validators } of p.constraints) {
        const args = {
          targetName: object.constructor ? object.constructor.name : targetName,
          property: metadata.propertyName,
          object,
          value,
          constraints: metadata.constraints,
        };
        for (const v of validators) {
          const instance = v.instance as { validate(value: unknown, args: unknown): unknown };
          if (metadata.each && (value instanceof Set || value instanceof Map)) return false;
          const ok =
            metadata.each && Array.isArray(value)
              ? value.every((item) => instance.validate(item, args) === true)
              : instance.validate(value, args) === true;
          if (!ok) return false;
        }
      }
      if (p.nested && !nestedValid(value)) return false;
    }
    return true;
  };
}

/** ValidateNested: undefined passes; an array's elements and an object are checked by their own class. */
function nestedValid(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every(nestedValid);
  if (value instanceof Set || value instanceof Map) return false;
  if (value instanceof Object) return compiledCheck(value.constructor)(value);
  return false;
}

/** A binary value anywhere in a payload: Nest's pipe has its own errors for those, so the checker leaves them to it. */
function hasBinary(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || depth > 32) return true;
  for (const key in value) if (hasBinary((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/**
 * Nest's ValidationPipe with the checker in front: a plain object that its class's checker finds valid is turned into
 * the class (as the pipe does: class-transformer with the same options) and returned; everything else goes through the
 * pipe unchanged. Only for the strict options of strictValidationPipe (whitelist, forbidNonWhitelisted, transform).
 */
export class CompiledValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = this.expectedType ?? metadata.metatype;
    if (
      this.isTransformEnabled &&
      this.validatorOptions.whitelist &&
      this.validatorOptions.forbidNonWhitelisted &&
      metatype &&
      this.toValidate({ ...metadata, metatype }) &&
      value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      // What the pipe does to the value first, in place (both are idempotent, so the fallback below repeats them
      // harmlessly): no prototype keys, no array gaps.
      this.stripProtoKeys(value);
      this.closeArrayGaps(value);
      if (!hasBinary(value)) {
        const entity: object = plainToInstance(metatype as new () => object, value, this.transformOptions);
        if (entity.constructor === metatype && compiledCheck(metatype)(entity)) return entity;
      }
    }
    return super.transform(value, metadata);
  }
}
