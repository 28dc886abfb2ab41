import { registerEnumType } from '@nestjs/graphql';

/** Where an expert profile stands in verification. */
export enum ExpertStatus {
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}

registerEnumType(ExpertStatus, {
  name: 'ExpertStatus',
  description: 'Verification status of an expert profile. Only VERIFIED profiles are listed, suggested and asked; the owner and MODERATOR/ADMIN also see the others.',
  valuesMap: {
    PENDING: { description: 'Submitted with `applyAsExpert`, waiting for a MODERATOR or ADMIN to review it.' },
    VERIFIED: { description: 'Approved by a MODERATOR or ADMIN: listed in `experts`, suggested for questions, and the user has role EXPERT.' },
    REJECTED: { description: 'Declined (or verification withdrawn) by a MODERATOR or ADMIN; the owner may apply again with `applyAsExpert`.' },
  },
});
