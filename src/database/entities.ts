import { ClaimEntity } from '../claims/claim.entity.js';
import { ClaimLinkEntity } from '../links/claim-link.entity.js';
import { SourceEntity } from '../sources/source.entity.js';
import { StanceEntity } from '../stances/stance.entity.js';

export const ENTITIES = [SourceEntity, ClaimEntity, StanceEntity, ClaimLinkEntity];
