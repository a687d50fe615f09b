/** The value of `omit`: a key whose value renders to this is dropped from module arguments. */
export const OMIT = '__omit_place_holder__d0c8b3b9a1f5e7c2a4b6d8e0f1a3c5e7b9d1f3a5';
