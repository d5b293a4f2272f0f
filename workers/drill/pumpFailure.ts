/**
 * A pump station that fails during a run: the coupled sewer network with that pump's curve set to
 * 0 m³/s (a PUMP4 depth→flow curve of zero, as a "pump" intervention of capacity 0 in
 * src/interventions/applyNetworkOverrides.ts). The engine builds a new coupler from it and puts
 * the old coupler's state into it, so the sewers continue from where they were.
 */
import { InputError } from '../../src/core/errors.ts';
import { networkFromConfig, type DrainageCouplingConfig } from '../drainage/coupler.ts';

/** @example failedPumpConfig(setup.drainage, 'P1') // the same config, pump P1 pumping nothing */
export function failedPumpConfig(config: DrainageCouplingConfig, pumpId: string): DrainageCouplingConfig {
  const net = networkFromConfig(config);
  const k = net.links.findIndex((l) => l.id === pumpId);
  const link = net.links[k];
  if (!link || link.kind !== 'pump' || !link.pump) {
    const pumps = net.links.filter((l) => l.kind === 'pump').map((l) => l.id);
    throw new InputError(`"${pumpId}" is not a pump of the sewer network (pumps: ${pumps.join(', ') || 'none'})`, {
      file: config.file,
      field: 'pumpId',
    });
  }
  const links = net.links.slice();
  links[k] = { ...link, pump: { ...link.pump, curveType: 4, curve: [[0, 0]] } };
  const { inpText: _text, ...rest } = config;
  return { ...rest, network: { ...net, links } };
}
