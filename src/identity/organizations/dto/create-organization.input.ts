import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Sector } from '../../../access/roles';
import { CleanDisplayText } from '../../../platform/validation/display-text';
import { IsIsoCountry } from '../../../platform/validation/iso-country';

@InputType({ description: 'Input of `createOrganization`.' })
export class CreateOrganizationInput {
  @Field({ description: 'Full name, 2 to 200 characters after trimming (control, bidi and zero-width characters are removed); unique case-insensitively.' })
  @CleanDisplayText()
  @Length(2, 200, { message: 'name must be 2 to 200 characters' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Short name (for example "UNEP"), 1 to 20 characters after trimming; null or omitted when it has none.' })
  @IsOptional()
  @CleanDisplayText()
  @Length(1, 20, { message: 'acronym must be 1 to 20 characters' })
  acronym?: string | null;

  @Field(() => Sector, { description: 'Sector of the organization: its APPROVED members have this sector.' })
  @IsEnum(Sector)
  sector: Sector;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 (e.g. "GH"); null or omitted for international bodies.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIsoCountry()
  country?: string | null;

  @Field(() => [String], { nullable: true, description: 'Verified email domains, e.g. ["minerals.gov.gh"]: at most 20, lower-cased and de-duplicated.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20, { message: 'emailDomains may list at most 20 domains' })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((d) => (typeof d === 'string' ? d.trim().toLowerCase() : d)) : value))
  @Matches(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    each: true,
    message: 'emailDomains must be domain names such as "example.org"',
  })
  emailDomains?: string[] | null;
}
