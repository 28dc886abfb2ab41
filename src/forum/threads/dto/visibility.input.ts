import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Sector, VisibilityScope } from '../../../access/roles';

@InputType()
export class VisibilityInput {
  @Field(() => VisibilityScope)
  scope: VisibilityScope;

  @Field(() => [Sector], { nullable: true, description: 'Required (at least one) for SECTORS; must be empty otherwise.' })
  @IsOptional()
  @ArrayMaxSize(5)
  sectors?: Sector[] | null;
}
