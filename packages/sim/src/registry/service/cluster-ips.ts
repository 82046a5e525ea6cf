// ValidateServiceClusterIPsRelatedFields and the update rules for clusterIPs: run by allocation
// before anything else (so these errors pre-empt all others) and again by validation.
import type { KubeObject } from '../../core/types.ts';
import { duplicate, type FieldError, invalid, notSupported, path, required } from '../field-errors.ts';
import { goStringSlice } from '../go-format.ts';
import { IP_ERROR, isIP, isIPv6 } from '../names.ts';
import { isHeadless } from './helpers.ts';

const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

export function validateClusterIPsRelatedFields(svc: KubeObject): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsField = path('spec', 'clusterIPs');
  const clusterIPs: string[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const families: string[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  if (spec.clusterIP) {
    if (clusterIPs.length === 0) errs.push(required(ipsField));
    else if (clusterIPs[0] !== spec.clusterIP)
      errs.push(invalid(ipsField, goStringSlice(clusterIPs), 'first value must match `clusterIP`'));
  } else if (clusterIPs.length > 0) {
    errs.push(
      invalid(ipsField, goStringSlice(clusterIPs), 'must be empty when `clusterIP` is not specified'),
    );
  }
  const seen = new Set<string>();
  families.forEach((family, i) => {
    const at = path('spec', 'ipFamilies').index(i);
    if (!FAMILIES.includes(family)) errs.push(notSupported(at, family, FAMILIES));
    if (seen.has(family)) errs.push(duplicate(at, family));
    seen.add(family);
  });
  if (spec.ipFamilyPolicy != null && !POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported(path('spec', 'ipFamilyPolicy'), String(spec.ipFamilyPolicy), POLICIES));
  }
  let hasInvalidIPs = false;
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(ipsField, goStringSlice(clusterIPs), "'None' must be the first and only value"));
      }
      return;
    }
    if (!isIP(String(ip))) {
      hasInvalidIPs = true;
      errs.push(invalid(ipsField.index(i), String(ip), IP_ERROR));
    }
  });
  if (clusterIPs.length > 2)
    errs.push(invalid(ipsField, goStringSlice(clusterIPs), 'may only hold up to 2 values'));
  if (hasInvalidIPs) return errs;
  if (clusterIPs.length > 1) {
    const dual = clusterIPs.length === 2 && isIPv6(clusterIPs[0] ?? '') !== isIPv6(clusterIPs[1] ?? '');
    if (!dual)
      errs.push(
        invalid(ipsField, goStringSlice(clusterIPs), 'may specify no more than one IP for each IP family'),
      );
  }
  if (!isHeadless(svc) && clusterIPs.length > 0 && families.length > 0) {
    clusterIPs.forEach((ip, i) => {
      if (i > families.length - 1) return;
      if (families[i] === 'IPv4' && isIPv6(ip)) {
        errs.push(
          invalid(ipsField.index(i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
      if (families[i] === 'IPv6' && !isIPv6(ip)) {
        errs.push(
          invalid(ipsField.index(i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
    });
  }
  return errs;
}

/** validateUpgradeDowngradeClusterIPs: the primary clusterIP may not change once set. */
export function validateClusterIPsUpdate(svc: KubeObject, old: KubeObject): FieldError[] {
  if (svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(svc) && isHeadless(old)) return [];
  const errs: FieldError[] = [];
  const oldIPs: string[] = old.spec?.clusterIPs ?? [];
  const newIPs: string[] = svc.spec?.clusterIPs ?? [];
  const first = path('spec', 'clusterIPs').index(0);
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i])
        errs.push(
          invalid(path('spec', 'clusterIPs').index(i), goStringSlice(newIPs), 'may not change once set'),
        );
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0)
      errs.push(invalid(first, goStringSlice(svc.spec?.clusterIPs), 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0])
      errs.push(invalid(first, goStringSlice(newIPs), 'may not change once set'));
    if (newIPs.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          path('spec', 'ipFamilyPolicy'),
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(first, goStringSlice(newIPs), 'may not change once set'));
  }
  return errs;
}
