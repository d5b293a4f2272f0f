/** Node and link kind codes of the drainage solver's typed arrays (nKind, lKind). */
export const NODE_JUNCTION = 0;
export const NODE_OUTFALL = 1;
export const NODE_STORAGE = 2;
export const LINK_CONDUIT = 0;
export const LINK_PUMP = 1;
export const LINK_ORIFICE = 2;
export const LINK_WEIR = 3;
